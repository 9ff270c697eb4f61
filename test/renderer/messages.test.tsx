import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { DmConversation, DmMessage, DmRequest } from '../../shared/messages.js'
import { ALICE, BOB, FakeApi, ME } from './fake-api.js'
import { renderApp } from './render.js'

const CONV = 'ybndrfg8ejkmcpqxot1uwisza3'
const GROUP = 'ybndrfg8ejkmcpqxot1uwisza5'

function message(from: string, text: string, n: number, conversation = CONV): DmMessage {
  return { id: `${from}/${n}`, conversation, from, device: from, text, createdAt: Date.UTC(2025, 0, 1, 12, n), images: [], seenBy: [] }
}

/** The engine's side of conversations, in memory: what the Messages page asks and changes. */
function withMessages(api: FakeApi) {
  const state = {
    messages: new Map<string, DmMessage[]>([[CONV, [message(ALICE, 'hello there', 1)]]]),
    members: new Map<string, string[]>([[CONV, [ALICE, ME].sort()]]),
    unread: new Map<string, number>([[CONV, 1]]),
    requests: [] as DmRequest[],
    seen: true
  }
  const list = (): DmConversation[] =>
    [...state.members].map(([id, members]) => ({ id, members, unread: state.unread.get(id) ?? 0, last: state.messages.get(id)?.at(-1) ?? null }))
  api.overrides = {
    dmList: () => list(),
    dmRead: ({ conversation }) => {
      state.unread.set(conversation, 0)
      const found = state.messages.get(conversation)
      if (!found) throw new Error(`No conversation ${conversation}`)
      return found
    },
    dmSend: ({ to, text }) => {
      const id = state.members.has(to[0]!) ? to[0]! : CONV
      const m = message(ME, text, 50, id)
      state.messages.set(id, [...(state.messages.get(id) ?? []), m])
      return { conversation: id, message: m.id }
    },
    dmRequests: () => state.requests,
    dmAccept: ({ id }) => {
      const r = state.requests.find((x) => x.id === id)!
      state.requests = state.requests.filter((x) => x.id !== id)
      state.members.set(id, [r.from, ME].sort())
      state.messages.set(id, [message(r.from, r.text, 2, id)])
      return { id }
    },
    dmDecline: ({ id }) => {
      state.requests = state.requests.filter((x) => x.id !== id)
      return { id }
    },
    dmDeleteForMe: ({ message: gone }) => {
      for (const [id, ms] of state.messages) state.messages.set(id, ms.filter((m) => m.id !== gone))
      return { message: gone }
    },
    dmLeave: ({ conversation }) => {
      state.members.delete(conversation)
      return { conversation }
    },
    dmRemoveMember: ({ conversation, key }) => {
      state.members.set(conversation, state.members.get(conversation)!.filter((m) => m !== key))
      return { conversation }
    },
    dmSettings: () => ({ seenReceipts: state.seen }),
    dmSetSeenReceipts: ({ on }) => {
      state.seen = on
      return { seenReceipts: on }
    }
  }
  return state
}

describe('messages', () => {
  it('shows unread conversations in the nav badge, and reading one clears it', async () => {
    const api = new FakeApi()
    withMessages(api)
    renderApp(api, '#/home')
    const user = userEvent.setup()
    const nav = await screen.findByRole('navigation', { name: 'Main' })
    const link = await within(nav).findByRole('link', { name: 'Messages, 1 unread' })
    await user.click(link)
    const row = await screen.findByRole('link', { name: 'Conversation, 1 unread' })
    expect(row.textContent).toMatch(/alice/)
    expect(row.textContent).toMatch(/hello there/)
    await user.click(row)
    const conversation = await screen.findByRole('region', { name: 'Conversation' })
    expect(within(conversation).getByRole('listitem', { name: `Message from ${ALICE}` }).textContent).toMatch(/hello there/)
    expect(api.callsOf('dmRead')).toEqual([{ conversation: CONV }])
    expect(await within(nav).findByRole('link', { name: 'Messages' })).toBeTruthy()
  })

  it('sends a message in a conversation, and deletes one for me', async () => {
    const api = new FakeApi()
    withMessages(api)
    renderApp(api, `#/messages/${CONV}`)
    const user = userEvent.setup()
    await user.type(await screen.findByRole('textbox', { name: 'Write a private message' }), 'hi Alice')
    await user.click(screen.getByRole('button', { name: 'Send' }))
    expect(api.callsOf('dmSend')).toEqual([{ to: [CONV], text: 'hi Alice' }])
    expect((await screen.findByRole('listitem', { name: 'Message from you' })).textContent).toMatch(/hi Alice/)
    const theirs = screen.getByRole('listitem', { name: `Message from ${ALICE}` })
    await user.click(within(theirs).getByRole('button', { name: 'Delete for me' }))
    expect(api.callsOf('dmDeleteForMe')).toEqual([{ message: `${ALICE}/1` }])
    await screen.findByRole('listitem', { name: 'Message from you' })
    expect(screen.queryByRole('listitem', { name: `Message from ${ALICE}` })).toBeNull()
  })

  it('sends a picture with its description, and shows a received one with its description as alt text', async () => {
    const api = new FakeApi()
    const state = withMessages(api)
    state.messages.set(CONV, [{ ...message(ALICE, 'look', 1), images: [{ mime: 'image/png', width: 4, height: 3, alt: 'A red boat', byteLength: 10 }] }])
    let pictureAsked = 0
    api.overrides.dmImage = ({ index }) => {
      pictureAsked++
      return { data: index === 0 ? btoa('\x89PNG fake') : null }
    }
    api.overrides.uploadBegin = () => ({ upload: 'up1' })
    api.overrides.uploadChunk = ({ data }) => ({ received: atob(data).length })
    renderApp(api, `#/messages/${CONV}`)
    const user = userEvent.setup()
    const picture = await screen.findByRole('img', { name: 'A red boat' })
    expect(picture.getAttribute('src')).toMatch(/^(blob|data):/)
    expect(pictureAsked).toBe(1)

    await user.type(screen.getByRole('textbox', { name: 'Write a private message' }), 'and mine')
    await user.upload(screen.getByLabelText('Add images'), new File([new Uint8Array(64).fill(7)], 'mine.png', { type: 'image/png' }))
    await user.type(screen.getByRole('textbox', { name: 'Describe image 1' }), 'A blue boat')
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await screen.findByRole('listitem', { name: 'Message from you' })
    expect(api.callsOf('dmSend')).toEqual([{ to: [CONV], text: 'and mine', images: [{ upload: 'up1', alt: 'A blue boat' }] }])
  })

  it('starts a conversation from a profile with the Message button', async () => {
    const api = new FakeApi()
    withMessages(api)
    api.following.add(BOB)
    renderApp(api, `#/profile/${BOB}`)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('link', { name: 'Message' }))
    const box = await screen.findByRole('region', { name: 'New message' })
    await user.type(within(box).getByRole('textbox', { name: 'Write a private message' }), 'hello Bob')
    await user.click(within(box).getByRole('button', { name: 'Send' }))
    expect(api.callsOf('dmSend')).toEqual([{ to: [BOB], text: 'hello Bob' }])
    expect(window.location.hash).toBe(`#/messages/${CONV}`)
  })

  it('accepts one message request and declines another', async () => {
    const api = new FakeApi()
    const state = withMessages(api)
    state.requests = [
      { id: GROUP, from: BOB, text: 'may I write to you?', createdAt: Date.UTC(2025, 0, 1) },
      { id: 'ybndrfg8ejkmcpqxot1uwisza7', from: ALICE, text: 'buy my boat', createdAt: Date.UTC(2025, 0, 1) }
    ]
    renderApp(api, '#/messages')
    const user = userEvent.setup()
    const requests = await screen.findByRole('region', { name: 'Message requests' })
    await user.click(within(within(requests).getByRole('listitem', { name: `Request from ${ALICE}` })).getByRole('button', { name: 'Decline' }))
    expect(api.callsOf('dmDecline')).toEqual([{ id: 'ybndrfg8ejkmcpqxot1uwisza7' }])
    await user.click(within(within(requests).getByRole('listitem', { name: `Request from ${BOB}` })).getByRole('button', { name: 'Accept' }))
    expect(api.callsOf('dmAccept')).toEqual([{ id: GROUP }])
    expect(window.location.hash).toBe(`#/messages/${GROUP}`)
    expect((await screen.findByRole('listitem', { name: `Message from ${BOB}` })).textContent).toMatch(/may I write to you/)
  })

  it('leaves a conversation after asking, and removes a member of a group', async () => {
    const api = new FakeApi()
    const state = withMessages(api)
    state.members.set(CONV, [ALICE, BOB, ME].sort())
    renderApp(api, `#/messages/${CONV}`)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Remove bob' }))
    await user.click(within(screen.getByRole('alertdialog', { name: 'Remove this person?' })).getByRole('button', { name: 'Remove' }))
    expect(api.callsOf('dmRemoveMember')).toEqual([{ conversation: CONV, key: BOB }])
    await user.click(screen.getByRole('button', { name: 'Leave conversation' }))
    await user.click(within(screen.getByRole('alertdialog', { name: 'Leave this conversation?' })).getByRole('button', { name: 'Leave' }))
    expect(api.callsOf('dmLeave')).toEqual([{ conversation: CONV }])
    expect(window.location.hash).toBe('#/messages')
  })

  it('switches "seen" off in Settings', async () => {
    const api = new FakeApi()
    const state = withMessages(api)
    renderApp(api, '#/settings')
    const user = userEvent.setup()
    const box = await screen.findByRole('checkbox', { name: /when I have seen their messages/ })
    await screen.findByRole('checkbox', { name: /when I have seen their messages/, checked: true })
    await user.click(box)
    expect(api.callsOf('dmSetSeenReceipts')).toEqual([{ on: false }])
    expect(state.seen).toBe(false)
    expect(await screen.findByRole('checkbox', { name: /when I have seen their messages/, checked: false })).toBeTruthy()
  })
})
