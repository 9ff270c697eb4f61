import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ALICE, BOB, FakeApi } from './fake-api.js'
import { renderApp } from './render.js'

describe('bookmarks, lists and drafts', () => {
  it('bookmarks a status from its actions, lists it on the Bookmarks page, and removes it', async () => {
    const api = new FakeApi()
    const status = api.add(ALICE, 'worth keeping')
    api.following.add(ALICE)
    renderApp(api, '#/home')
    const user = userEvent.setup()
    const card = (await screen.findByText('worth keeping')).closest('article') as HTMLElement
    await user.click(within(card).getByRole('button', { name: 'Bookmark' }))
    expect(api.callsOf('bookmark')).toEqual([{ uri: status.uri }])
    await waitFor(() => expect(within(card).getByRole('button', { name: 'Remove bookmark' }).getAttribute('aria-pressed')).toBe('true'))

    await user.click(screen.getByRole('link', { name: 'Bookmarks' }))
    const page = await screen.findByRole('heading', { name: 'Bookmarks', level: 1 })
    expect(page).toBeTruthy()
    const kept = (await screen.findAllByText('worth keeping')).map((e) => e.closest('article') as HTMLElement)
    await user.click(within(kept[0]!).getByRole('button', { name: 'Remove bookmark' }))
    expect(await screen.findByText('No bookmarks yet')).toBeTruthy()
  })

  it('makes a list, adds a person from their profile, shows the list as a timeline, and deletes it', async () => {
    const api = new FakeApi()
    api.add(ALICE, 'from alice')
    api.add(BOB, 'from bob')
    renderApp(api, '#/lists')
    const user = userEvent.setup()
    expect(await screen.findByText('No lists')).toBeTruthy()
    await user.type(screen.getByLabelText('New list'), 'Sailors')
    await user.click(screen.getByRole('button', { name: 'Create' }))
    const lists = await screen.findByRole('list', { name: 'Your lists' })
    expect(within(lists).getByText('0 people')).toBeTruthy()

    await user.type(screen.getByLabelText('New list'), 'Sailors')
    await user.click(screen.getByRole('button', { name: 'Create' }))
    expect((await screen.findByRole('alert')).textContent).toMatch(/already have a list named "Sailors"/)

    act(() => void (window.location.hash = `#/profile/${ALICE}`))
    await user.click(await screen.findByRole('checkbox', { name: 'Sailors' }))
    expect(api.callsOf('listAdd')).toEqual([{ name: 'Sailors', key: ALICE }])
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'Sailors' }) as HTMLInputElement).checked).toBe(true))

    act(() => void (window.location.hash = '#/list/Sailors'))
    expect(await screen.findByText('from alice')).toBeTruthy()
    expect(screen.queryByText('from bob')).toBeNull()

    // Pinned, the list is an entry of the nav that opens its timeline; unpinned, it is gone from there.
    act(() => void (window.location.hash = '#/lists'))
    const nav = screen.getByRole('navigation', { name: 'Main' })
    expect(within(nav).queryByRole('link', { name: 'Sailors' })).toBeNull()
    await user.click(await screen.findByRole('button', { name: 'Pin list Sailors in the navigation' }))
    expect(screen.getByRole('button', { name: 'Pin list Sailors in the navigation' }).getAttribute('aria-pressed')).toBe('true')
    await user.click(await within(nav).findByRole('link', { name: 'Sailors' }))
    expect(await screen.findByText('from alice')).toBeTruthy()
    expect(within(nav).getByRole('link', { name: 'Sailors' }).getAttribute('aria-current')).toBe('page')
    act(() => void (window.location.hash = '#/lists'))
    await user.click(await screen.findByRole('button', { name: 'Pin list Sailors in the navigation' }))
    await waitFor(() => expect(within(nav).queryByRole('link', { name: 'Sailors' })).toBeNull())
    await user.click(screen.getByRole('button', { name: 'Pin list Sailors in the navigation' }))
    expect(await within(nav).findByRole('link', { name: 'Sailors' })).toBeTruthy()

    await user.click(await screen.findByRole('button', { name: 'Delete list Sailors' }))
    expect(await screen.findByText('No lists')).toBeTruthy()
    expect(within(nav).queryByRole('link', { name: 'Sailors' })).toBeNull()
  })

  it('keeps what is typed as a draft, resumes it from the Drafts page, and deletes it once posted', async () => {
    const api = new FakeApi()
    renderApp(api, '#/home')
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText("What's happening?"), 'half a thought')
    await waitFor(() => expect(api.drafts.map((d) => d.text)).toEqual(['half a thought']), { timeout: 3000 })
    expect(api.callsOf('draftPut').every((p, i) => i === 0 || p.id === api.drafts[0]!.id), 'one draft, saved again').toBe(true)

    act(() => void (window.location.hash = '#/drafts'))
    await user.click(await screen.findByRole('link', { name: 'Resume draft: half a thought' }))
    const box = (await screen.findByLabelText("What's happening?")) as HTMLTextAreaElement
    expect(box.value).toBe('half a thought')
    await user.type(box, ', finished')
    await user.click(screen.getByRole('button', { name: 'Post' }))
    await waitFor(() => expect(api.callsOf('post').map((p) => p.text)).toEqual(['half a thought, finished']))
    await waitFor(() => expect(api.drafts).toEqual([]))
    expect(api.callsOf('draftDelete')).toEqual([{ id: 'd1' }])
  })

  it('opens the composer with the status to quote', async () => {
    const api = new FakeApi()
    const status = api.add(ALICE, 'quote me')
    api.following.add(ALICE)
    renderApp(api, '#/home')
    const user = userEvent.setup()
    const card = (await screen.findByText('quote me')).closest('article') as HTMLElement
    await user.click(within(card).getByRole('link', { name: 'Quote, 0 quotes' }))
    await user.type(await screen.findByLabelText("What's happening?"), 'so true')
    await user.click(screen.getByRole('button', { name: 'Post' }))
    await waitFor(() => expect(api.callsOf('post').at(-1)).toMatchObject({ text: 'so true', quote: status.uri }))
  })
})
