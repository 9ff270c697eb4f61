import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ALICE, FakeApi } from './fake-api.js'
import { renderApp } from './render.js'

describe('search and hashtags', () => {
  it('searches statuses and people from the one search box', async () => {
    const api = new FakeApi()
    api.following.add(ALICE)
    api.add(ALICE, 'alice loves the sea')
    renderApp(api)
    const user = userEvent.setup()
    await user.type(await screen.findByRole('searchbox', { name: 'Search statuses and people' }), 'alice{Enter}')
    await waitFor(() => expect(window.location.hash).toBe('#/search?q=alice'))
    expect(await screen.findByRole('heading', { name: 'Results for “alice”' })).toBeTruthy()
    expect(await screen.findByText('alice loves the sea')).toBeTruthy()
    expect(screen.getByRole('region', { name: 'People' }).textContent).toContain('alice')
  })

  it('shows the verified handle and its mark in a person row', async () => {
    const api = new FakeApi()
    api.profiles.set(ALICE, { name: 'alice', bio: '', handle: 'alice.test', handleVerified: true })
    renderApp(api, '#/search?q=alice')
    const people = await screen.findByRole('region', { name: 'People' })
    await waitFor(() => expect(people.textContent).toContain('@alice.test'))
    expect(within(people).getByRole('img', { name: 'verified' })).toBeTruthy()
  })

  it('goes to the tag page for a #tag, and lists tagged statuses', async () => {
    const api = new FakeApi()
    api.following.add(ALICE)
    api.add(ALICE, 'sunny #Sailing day')
    renderApp(api)
    const user = userEvent.setup()
    await user.type(await screen.findByRole('searchbox'), '#Sailing{Enter}')
    await waitFor(() => expect(window.location.hash).toBe('#/tag/sailing'))
    expect(await screen.findByRole('heading', { name: '#sailing' })).toBeTruthy()
    expect(await screen.findByRole('link', { name: '#Sailing' })).toBeTruthy()
    expect(api.callsOf('hashtag')[0]).toEqual({ tag: 'sailing', limit: 30 })
  })
})
