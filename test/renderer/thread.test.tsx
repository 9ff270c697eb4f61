import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ALICE, BOB, FakeApi, keyOf } from './fake-api.js'
import { renderApp } from './render.js'

function threadApi() {
  const api = new FakeApi()
  api.following.add(ALICE).add(BOB)
  const root = api.add(ALICE, 'Where should we sail?', { seq: 1 })
  const reply = api.add(BOB, 'North, obviously', { seq: 2, replyTo: root.uri, root: root.uri })
  return { api, root, reply }
}

describe('thread view', () => {
  it('shows the root, the status asked for, and its replies', async () => {
    const { api, reply } = threadApi()
    renderApp(api, `#/status/${BOB}/2`)
    await screen.findByText('North, obviously')
    const cards = screen.getAllByRole('article')
    expect(cards[0]?.textContent).toContain('Where should we sail?')
    expect(cards[1]?.textContent).toContain('North, obviously')
    expect(cards).toHaveLength(2)
    expect(api.callsOf('thread')).toEqual([{ uri: reply.uri }])
    expect(screen.getByRole('heading', { name: 'No replies yet' })).toBeTruthy()
  })

  it('lists the answers to a root status under it', async () => {
    const { api, root } = threadApi()
    renderApp(api, `#/status/${ALICE}/1`)
    const replies = await screen.findByRole('region', { name: 'Replies' })
    await waitFor(() => expect(within(replies).getByText('North, obviously')).toBeTruthy())
    expect(api.callsOf('thread')).toEqual([{ uri: root.uri }])
  })

  it('replies from the reply box, which has focus when I came to reply', async () => {
    const { api, root } = threadApi()
    renderApp(api, `#/status/${ALICE}/1?reply=1`)
    const box = await screen.findByRole('textbox', { name: 'Reply to alice' })
    await waitFor(() => expect(document.activeElement).toBe(box))
    const user = userEvent.setup()
    await user.type(box, 'South!')
    await user.click(screen.getByRole('button', { name: 'Reply' }))
    expect(api.callsOf('reply')).toEqual([{ to: root.uri, text: 'South!' }])
    const replies = await screen.findByRole('region', { name: 'Replies' })
    await waitFor(() => expect(within(replies).getByText('South!')).toBeTruthy())
  })

  it('explains a status that is not on this device and links to its author', async () => {
    const stranger = keyOf(77)
    renderApp(new FakeApi(), `#/status/${stranger}/5`)
    expect(await screen.findByRole('heading', { name: 'This status is not on this device' })).toBeTruthy()
    expect(screen.getByRole('link', { name: /author's profile/ }).getAttribute('href')).toBe(`#/profile/${stranger}`)
  })

  it('shows the quote count among the counts, and the statuses that quote it on its page', async () => {
    const api = new FakeApi()
    const quoted = api.add(ALICE, 'Where should we sail?', { seq: 1, counts: { likes: 0, reposts: 0, replies: 0, quotes: 2 } })
    api.add(BOB, 'Alice asks the real question', { seq: 2, quote: { uri: quoted.uri, author: ALICE, text: quoted.text } })
    api.add(BOB, 'South, surely', { seq: 3, quote: { uri: quoted.uri, author: ALICE, text: quoted.text } })
    api.add(BOB, 'Unrelated', { seq: 4 })
    renderApp(api, `#/status/${ALICE}/1`)
    const quotes = await screen.findByRole('region', { name: 'Quotes' })
    expect(within(quotes).getByRole('heading', { name: 'Quotes (2)' })).toBeTruthy()
    expect(within(quotes).getAllByRole('article').map((a) => a.textContent)).toEqual([
      expect.stringContaining('South, surely'), expect.stringContaining('Alice asks the real question')
    ])
    expect(within(quotes).queryByText('Unrelated')).toBeNull()
    expect(api.callsOf('quotes')).toEqual([{ uri: quoted.uri }])
    const focus = screen.getAllByRole('article')[0] as HTMLElement
    const link = within(focus).getByRole('link', { name: 'Quote, 2 quotes' })
    expect(link.textContent).toBe('2')
  })

  it('shows no quotes section for a status nobody quoted', async () => {
    const { api } = threadApi()
    renderApp(api, `#/status/${ALICE}/1`)
    await screen.findByText('North, obviously')
    await waitFor(() => expect(api.callsOf('quotes')).toHaveLength(1))
    expect(screen.queryByRole('region', { name: 'Quotes' })).toBeNull()
  })
})
