import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ComposeStatus } from '../../renderer/features/compose/ComposeStatus.js'
import { ALICE } from './fake-api.js'
import { renderWithApi } from './render.js'

const box = () => screen.getByRole('textbox', { name: "What's happening?" }) as HTMLTextAreaElement
const postButton = () => screen.getByRole('button', { name: 'Post' }) as HTMLButtonElement

describe('compose: warning, poll and quote', () => {
  // It types a lot: near vitest's 5 s default on a loaded machine.
  it('posts with a content warning, a poll and a quote, then clears them', { timeout: 20_000 }, async () => {
    const { api } = renderWithApi(<ComposeStatus />)
    const user = userEvent.setup()
    await user.type(box(), 'which one?')
    await user.click(screen.getByRole('button', { name: 'Add a content warning' }))
    await user.type(screen.getByRole('textbox', { name: 'Content warning' }), 'drinks talk')
    await user.click(screen.getByRole('button', { name: 'Add a poll' }))
    expect(screen.getByText(/votes are public/)).toBeTruthy()
    await user.type(screen.getByRole('textbox', { name: 'Choice 1' }), 'tea')
    await user.type(screen.getByRole('textbox', { name: 'Choice 2' }), 'coffee')
    await user.click(screen.getByRole('button', { name: 'Add a choice' }))
    await user.type(screen.getByRole('textbox', { name: 'Choice 3' }), 'water')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Runs for' }), '3 days')
    await user.type(screen.getByRole('textbox', { name: 'Quote a status (its link)' }), `rstatus://${ALICE}/4`)
    await user.click(postButton())
    await waitFor(() =>
      expect(api.callsOf('post')).toEqual([
        { text: 'which one?', cw: 'drinks talk', poll: { choices: ['tea', 'coffee', 'water'], hours: 72 }, quote: `rstatus://${ALICE}/4` }
      ])
    )
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Content warning' })).toBeNull())
    expect(screen.queryByRole('textbox', { name: 'Choice 1' })).toBeNull()
  })

  it('refuses a poll with fewer than two choices and an empty warning, in words', async () => {
    const { api } = renderWithApi(<ComposeStatus />)
    const user = userEvent.setup()
    await user.type(box(), 'hmm')
    await user.click(screen.getByRole('button', { name: 'Add a poll' }))
    await user.type(screen.getByRole('textbox', { name: 'Choice 1' }), 'only')
    await user.click(postButton())
    expect((await screen.findByRole('alert')).textContent).toBe('A poll needs at least 2 choices')
    await user.click(screen.getByRole('button', { name: 'Remove the poll' }))
    await user.click(screen.getByRole('button', { name: 'Add a content warning' }))
    await user.click(postButton())
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Write the content warning, or remove it'))
    expect(api.callsOf('post')).toEqual([])
  })
})

describe('compose: link cards', () => {
  it('asks for a card when the text has a link and the setting is on, and not when it is off', async () => {
    const { writePostSettings } = await import('../../renderer/components/status/post-settings.js')
    const { api } = renderWithApi(<ComposeStatus />)
    const user = userEvent.setup()
    await user.type(box(), 'see https://example.com/a')
    await user.click(postButton())
    await waitFor(() => expect(api.callsOf('post')).toEqual([{ text: 'see https://example.com/a', card: true }]))
    writePostSettings({ linkCards: false })
    try {
      await user.type(box(), 'again https://example.com/b')
      await user.click(postButton())
      await waitFor(() => expect(api.callsOf('post').at(-1)).toEqual({ text: 'again https://example.com/b' }))
    } finally {
      writePostSettings({ linkCards: true })
    }
  })
})
