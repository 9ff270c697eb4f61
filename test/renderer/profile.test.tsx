import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { ProfileView } from '../../shared/api/profile.js'
import { ALICE, FakeApi, ME } from './fake-api.js'
import { renderApp } from './render.js'

describe('profile', () => {
  it('shows a followed person with their statuses, and unfollows', async () => {
    const api = new FakeApi()
    api.following.add(ALICE)
    api.add(ALICE, 'boats are great')
    renderApp(api, `#/profile/${ALICE}`)
    expect(await screen.findByRole('heading', { name: 'alice' })).toBeTruthy()
    expect(screen.getByText('Alice writes about boats.')).toBeTruthy()
    expect(await screen.findByText('boats are great')).toBeTruthy()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Unfollow alice' }))
    expect(api.callsOf('unfollow')).toEqual([{ key: ALICE }])
    expect(await screen.findByRole('button', { name: 'Follow alice' })).toBeTruthy()
  })

  it('lets me edit my own profile', async () => {
    const api = new FakeApi()
    renderApp(api, `#/profile/${ME}`)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Edit profile' }))
    const form = screen.getByRole('region', { name: 'Edit profile' })
    const name = within(form).getByLabelText('Display name')
    await user.clear(name)
    await user.type(name, 'Renamed')
    await user.type(within(form).getByLabelText('Bio'), 'New bio')
    await user.click(within(form).getByRole('button', { name: 'Save profile' }))
    expect(api.callsOf('setProfile')).toEqual([{ name: 'Renamed', bio: 'New bio' }])
    expect(await screen.findByRole('heading', { name: 'Renamed' })).toBeTruthy()
    expect(screen.queryByRole('region', { name: 'Edit profile' })).toBeNull()
  })

  it('lists who they follow in a tab', async () => {
    const api = new FakeApi()
    api.following.add(ALICE)
    renderApp(api, `#/profile/${ME}`)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('tab', { name: 'Following (1)' }))
    const panel = screen.getByRole('tabpanel')
    await waitFor(() => expect(within(panel).getByRole('link', { name: /alice/ }).getAttribute('href')).toBe(`#/profile/${ALICE}`))
  })

  it('says why a person written with a newer version of rstatus shows no statuses', async () => {
    const api = new FakeApi()
    api.following.add(ALICE)
    api.overrides.profile = ({ key }) => ({
      key, uri: `rstatus://${key}`, name: null, bio: '', statuses: 0, isMe: false, following: true, followsMe: false,
      followingKeys: [], followerKeys: [], newerVersion: 3
    }) satisfies ProfileView
    renderApp(api, `#/profile/${ALICE}`)
    const note = await screen.findByRole('note')
    expect(note.textContent).toBe('Written with a newer version of rstatus (feed format 3): its statuses show once you update rstatus.')
  })
})
