import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { MAX_STATUS_CHARS } from '../../shared/protocol/limits.js'
import { ComposeStatus } from '../../renderer/features/compose/ComposeStatus.js'
import { ALICE, FakeApi, keyOf } from './fake-api.js'
import { renderWithApi } from './render.js'

const box = () => screen.getByRole('textbox', { name: "What's happening?" }) as HTMLTextAreaElement
const postButton = () => screen.getByRole('button', { name: 'Post' }) as HTMLButtonElement

describe('compose', () => {
  it('counts characters left the way the protocol does (code points after NFC)', () => {
    renderWithApi(<ComposeStatus />)
    expect(screen.getByText(`${MAX_STATUS_CHARS} characters left`)).toBeTruthy()
    // "e" + combining acute is one character after NFC; the emoji is one code point but two UTF-16 units
    fireEvent.change(box(), { target: { value: 'e\u0301😀' } })
    expect(screen.getByText(`${MAX_STATUS_CHARS - 2} characters left`)).toBeTruthy()
  })

  it('refuses to post over the limit and says by how much', () => {
    renderWithApi(<ComposeStatus />)
    fireEvent.change(box(), { target: { value: 'x'.repeat(MAX_STATUS_CHARS + 3) } })
    expect(screen.getByText('3 characters over the limit')).toBeTruthy()
    expect(postButton().disabled).toBe(true)
    fireEvent.change(box(), { target: { value: 'x'.repeat(MAX_STATUS_CHARS) } })
    expect(postButton().disabled).toBe(false)
  })

  it('posts with the button and clears the box', async () => {
    const { api } = renderWithApi(<ComposeStatus />)
    const user = userEvent.setup()
    expect(postButton().disabled).toBe(true)
    await user.type(box(), 'hello world')
    await user.click(postButton())
    expect(api.callsOf('post')).toEqual([{ text: 'hello world' }])
    await waitFor(() => expect(box().value).toBe(''))
  })

  it('posts with Ctrl+Enter and with Cmd+Enter', async () => {
    const { api } = renderWithApi(<ComposeStatus />)
    const user = userEvent.setup()
    await user.type(box(), 'first')
    await user.keyboard('{Control>}{Enter}{/Control}')
    await waitFor(() => expect(box().value).toBe(''))
    await user.type(box(), 'second')
    await user.keyboard('{Meta>}{Enter}{/Meta}')
    await waitFor(() => expect(api.callsOf('post')).toEqual([{ text: 'first' }, { text: 'second' }]))
  })

  it('keeps the text and shows the error when posting fails', async () => {
    const api = new FakeApi()
    api.overrides.post = () => {
      throw new Error('The status is too long')
    }
    renderWithApi(<ComposeStatus />, api)
    const user = userEvent.setup()
    await user.type(box(), 'oops')
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect((await screen.findByRole('alert')).textContent).toBe('The status is too long')
    expect(box().value).toBe('oops')
  })

  it('suggests people to mention and inserts the chosen name', async () => {
    const { api } = renderWithApi(<ComposeStatus />)
    const user = userEvent.setup()
    await user.type(box(), 'hi @al')
    const option = await screen.findByRole('option', { name: /alice/ })
    expect(screen.getByRole('listbox', { name: 'People to mention' })).toBeTruthy()
    expect(option.getAttribute('aria-selected')).toBe('true')
    expect(api.callsOf('people').at(-1)).toEqual({ prefix: 'al', limit: 6 })
    await user.keyboard('{Enter}')
    expect(box().value).toBe('hi @alice ')
    expect(screen.queryByRole('listbox')).toBeNull()
    expect(api.callsOf('post')).toEqual([])
  })

  it('shows a verified handle in a mention suggestion', async () => {
    const api = new FakeApi()
    api.profiles.set(ALICE, { name: 'alice', bio: '', handle: 'alice.test', handleVerified: true })
    renderWithApi(<ComposeStatus />, api)
    const user = userEvent.setup()
    await user.type(box(), 'hi @al')
    const option = await screen.findByRole('option', { name: /alice/ })
    expect(option.textContent).toContain('@alice.test')
    expect(within(option).getByRole('img', { name: 'verified' })).toBeTruthy()
  })

  it('writes the chosen name and sends the key it stands for, even when two people share the name', async () => {
    const api = new FakeApi()
    const twin = keyOf(40)
    api.profiles.set(twin, { name: 'alice', bio: '' })
    renderWithApi(<ComposeStatus />, api)
    const user = userEvent.setup()
    await user.type(box(), '@ali')
    const options = await screen.findAllByRole('option')
    expect(options).toHaveLength(2)
    await user.keyboard('{ArrowDown}{Enter}')
    expect(box().value).toBe('@alice ')
    await user.type(box(), 'ahoy')
    await user.keyboard('{Control>}{Enter}{/Control}')
    await waitFor(() => expect(api.callsOf('post')).toHaveLength(1))
    const sent = api.callsOf('post')[0] as { text: string; mentions: Array<{ name: string; key: string }> }
    expect(sent.text).toBe('@alice ahoy')
    expect(sent.mentions).toHaveLength(1)
    expect(sent.mentions[0]!.name).toBe('alice')
    expect([ALICE, twin]).toContain(sent.mentions[0]!.key)
  })
})
