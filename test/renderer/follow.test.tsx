import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { feedUri } from '../../shared/keys.js'
import { FakeApi, keyOf, makeStatus, ME } from './fake-api.js'
import { renderApp } from './render.js'

const CAROL = keyOf(9)

function withPreview(): FakeApi {
  const api = new FakeApi()
  api.previews.set(CAROL, {
    profile: { key: CAROL, uri: feedUri(CAROL), name: 'Carol', bio: 'Sailing and <b>bold</b> claims', statuses: 3 },
    statuses: [makeStatus(CAROL, 2, 'Latest from Carol', { author: { key: CAROL, name: 'Carol' } })],
    length: 3,
    reachable: true
  })
  return api
}

describe('follow someone', () => {
  it('previews a pasted link, then follows', async () => {
    const { api } = renderApp(withPreview(), '#/follow')
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Key, link or handle'), `  ${feedUri(CAROL)}  `)
    await user.click(screen.getByRole('button', { name: 'Preview' }))

    const preview = await screen.findByRole('region', { name: 'Preview of Carol' })
    expect(api.callsOf('preview')[0]?.key).toBe(CAROL)
    expect(within(preview).getByRole('heading', { name: 'Carol' })).toBeTruthy()
    expect(within(preview).getByText('Sailing and <b>bold</b> claims')).toBeTruthy()
    expect(within(preview).getByText('Latest from Carol')).toBeTruthy()
    expect(api.callsOf('follow')).toEqual([])

    await user.click(within(preview).getByRole('button', { name: 'Follow Carol' }))
    expect(api.callsOf('follow')).toEqual([{ key: CAROL }])
    expect(await within(preview).findByText(/You follow Carol/)).toBeTruthy()
    expect(within(preview).getByRole('link', { name: /Open profile/ }).getAttribute('href')).toBe(`#/profile/${CAROL}`)
  })

  it('shows the verified handle in the preview, of the profile and of its statuses', async () => {
    const api = withPreview()
    const carol = { key: CAROL, name: 'Carol', handle: 'carol.test', handleVerified: true as const }
    api.previews.set(CAROL, {
      profile: { ...carol, uri: feedUri(CAROL), bio: '', statuses: 1 },
      statuses: [makeStatus(CAROL, 2, 'Latest from Carol', { author: carol })],
      length: 1,
      reachable: true
    })
    renderApp(api, '#/follow')
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Key, link or handle'), feedUri(CAROL))
    await user.click(screen.getByRole('button', { name: 'Preview' }))
    const preview = await screen.findByRole('region', { name: 'Preview of Carol' })
    expect(within(preview).getAllByText('@carol.test')).toHaveLength(2)
    expect(within(preview).getAllByRole('img', { name: 'verified' })).toHaveLength(2)
  })

  it('says when the input is not a key', async () => {
    const { api } = renderApp(withPreview(), '#/follow')
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Key, link or handle'), 'not-a-key')
    await user.click(screen.getByRole('button', { name: 'Preview' }))
    expect((await screen.findByRole('alert')).textContent).toMatch(/Not a feed key/)
    expect(api.callsOf('preview')).toEqual([])
  })

  it('does not let me follow myself', async () => {
    const { api } = renderApp(withPreview(), '#/follow')
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Key, link or handle'), ME)
    await user.click(screen.getByRole('button', { name: 'Preview' }))
    expect((await screen.findByRole('alert')).textContent).toMatch(/your own key/)
    expect(api.callsOf('preview')).toEqual([])
  })

  it('offers to follow anyway when no peer answered', async () => {
    renderApp(new FakeApi(), `#/follow?ref=${encodeURIComponent(feedUri(CAROL))}`)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Preview' }))
    expect(await screen.findByText(/No peer with this feed answered in time/)).toBeTruthy()
    expect(screen.getByRole('button', { name: /^Follow / })).toBeTruthy()
  })
})

describe('profile of someone not followed (a deep link)', () => {
  it('shows their preview with a Follow button', async () => {
    const { api } = renderApp(withPreview(), `#/profile/${CAROL}`)
    expect(await screen.findByRole('heading', { name: 'Carol' })).toBeTruthy()
    expect(await screen.findByText('Latest from Carol')).toBeTruthy()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Follow Carol' }))
    expect(api.callsOf('follow')).toEqual([{ key: CAROL }])
    expect(await screen.findByRole('button', { name: 'Unfollow Carol' })).toBeTruthy()
  })
})
