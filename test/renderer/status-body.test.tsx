import { act, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { StatusCard } from '../../renderer/components/status/StatusCard.js'
import { ALICE, BOB, FakeApi, makeStatus } from './fake-api.js'
import { renderWithApi } from './render.js'

const IMAGE = {
  type: 'image' as const,
  mime: 'image/png' as const,
  blobs: ALICE,
  blob: { blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: 10 },
  width: 10,
  height: 10,
  alt: 'a cat'
}

describe('StatusBody: what a status carries', () => {
  it('folds the text and images behind a content warning until the reader opens it', async () => {
    renderWithApi(<StatusCard status={makeStatus(ALICE, 1, 'he was dead all along', { cw: 'film spoilers', attachments: [IMAGE] })} />)
    expect(screen.getByText('film spoilers')).toBeTruthy()
    expect(screen.queryByText('he was dead all along')).toBeNull()
    expect(screen.queryByRole('group', { name: 'Image' })).toBeNull()
    const toggle = screen.getByRole('button', { name: 'Show more' })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    await userEvent.click(toggle)
    expect(screen.getByText('he was dead all along')).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Show less' }))
    expect(screen.queryByText('he was dead all along')).toBeNull()
  })

  it('blurs sensitive images, out of reach, until the reader asks', async () => {
    const { container } = renderWithApi(<StatusCard status={makeStatus(ALICE, 1, 'look', { sensitive: true, attachments: [IMAGE] })} />)
    expect(container.querySelector('.sensitive-blur')?.getAttribute('aria-hidden')).toBe('true')
    await userEvent.click(screen.getByRole('button', { name: 'Sensitive media: show' }))
    expect(container.querySelector('.sensitive-blur')).toBeNull()
    expect(screen.getByRole('group', { name: 'Image' })).toBeTruthy()
  })

  it('shows a quoted status, or says why it cannot', () => {
    const quoted = makeStatus(BOB, 2, 'the original')
    renderWithApi(
      <>
        <StatusCard status={makeStatus(ALICE, 1, 'this', { quote: { uri: quoted.uri, author: BOB, text: 'the original' } })} />
        <StatusCard status={makeStatus(ALICE, 3, 'that', { quote: { uri: quoted.uri, state: 'deleted' } })} />
        <StatusCard status={makeStatus(ALICE, 4, 'other', { quote: { uri: quoted.uri, state: 'not-allowed' } })} />
      </>
    )
    expect(screen.getByRole('blockquote', { name: 'Quoted status' }).textContent).toContain('the original')
    expect(screen.getByText('The quoted status was deleted.')).toBeTruthy()
    expect(screen.getByRole('link', { name: quoted.uri })).toBeTruthy()
  })

  it('shows poll results, says they come from the feeds held and that votes are public, and votes', async () => {
    const api = new FakeApi()
    const voted: unknown[] = []
    api.overrides.vote = (p) => {
      voted.push(p)
      return { uri: `rstatus://${ALICE}/9` }
    }
    const poll = { choices: [{ text: 'tea', votes: 3 }, { text: 'coffee', votes: 1 }], voters: 4, mine: null, endsAt: Date.now() + 3_600_000 }
    renderWithApi(<StatusCard status={makeStatus(ALICE, 1, 'tea or coffee?', { poll })} />, api)
    expect(screen.getByText(/From the 4 people whose feeds you hold/)).toBeTruthy()
    expect(screen.getByText(/Votes are public/)).toBeTruthy()
    expect(screen.getByText('3 votes')).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Vote for coffee' }))
    await waitFor(() => expect(voted).toEqual([{ of: `rstatus://${ALICE}/1`, choice: 2 }]))
  })

  it('marks an edited status and shows its history in a dialog', async () => {
    const api = new FakeApi()
    api.overrides.history = () => [
      { text: 'frist', createdAt: 1 },
      { text: 'first', createdAt: 2 }
    ]
    renderWithApi(<StatusCard status={makeStatus(ALICE, 1, 'first', { edited: Date.now() })} />, api)
    await userEvent.click(screen.getByRole('button', { name: 'Edited: show the history' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit history' })
    await waitFor(() => expect(dialog.textContent).toContain('frist'))
    expect(dialog.textContent).toContain('Edit 1')
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('shows a stored link card without fetching the page', () => {
    renderWithApi(<StatusCard status={makeStatus(ALICE, 1, 'read https://example.com/a', { card: { url: 'https://example.com/a', title: 'A title', description: 'What it says' } })} />)
    const card = screen.getByRole('link', { name: /A title/ })
    expect(card.getAttribute('href')).toBe('https://example.com/a')
    expect(card.getAttribute('rel')).toContain('noopener')
  })

  it('shows a card\'s picture from the author\'s blobs, in a box of its shape before it arrives, with an empty alt', async () => {
    const api = new FakeApi()
    let deliver: (v: { data: string }) => void = () => {}
    api.overrides.blob = () => new Promise((resolve) => (deliver = resolve))
    const image = { ...IMAGE, mime: 'image/webp' as const, blob: { ...IMAGE.blob, blockOffset: 31 }, width: 800, height: 420, alt: undefined }
    const { container } = renderWithApi(
      <StatusCard status={makeStatus(ALICE, 1, 'read https://example.com/a', { card: { url: 'https://example.com/a', title: 'A title', description: '', image } })} />,
      api
    )
    const box = container.querySelector<HTMLElement>('.status-card .card-image')
    expect(parseFloat(box?.style.aspectRatio ?? '')).toBeCloseTo(800 / 420)
    expect(box?.querySelector('img')).toBeNull()
    await waitFor(() => expect(api.callsOf('blob')).toEqual([{ feed: ALICE, blobs: image.blobs, blob: image.blob }]))
    await act(async () => deliver({ data: btoa('webp') }))
    await waitFor(() => expect(box?.querySelector('img')).toBeTruthy())
    const img = box!.querySelector('img')!
    expect(img.getAttribute('alt')).toBe('')
    expect(img.getAttribute('loading')).toBe('lazy')
    expect(screen.getByRole('link', { name: /A title/ }).contains(img)).toBe(true)
  })

  it('blurs the card\'s picture of a sensitive status until the reader asks', async () => {
    const image = { ...IMAGE, blob: { ...IMAGE.blob, blockOffset: 32 }, alt: undefined }
    const { container } = renderWithApi(
      <StatusCard status={makeStatus(ALICE, 1, 'read https://example.com/a', { sensitive: true, card: { url: 'https://example.com/a', title: 'A title', description: '', image } })} />
    )
    expect(container.querySelector('.card-image')?.classList.contains('sensitive-blur')).toBe(true)
    await userEvent.click(screen.getByRole('button', { name: 'Sensitive media: show' }))
    expect(container.querySelector('.card-image')?.classList.contains('sensitive-blur')).toBe(false)
    expect(container.querySelector('.sensitive-blur')).toBeNull()
  })
})

describe('StatusBody: the reader\'s settings for warnings', () => {
  it('opens every warning when asked, and hides statuses whose warning has a hidden word', async () => {
    const { writePostSettings } = await import('../../renderer/components/status/post-settings.js')
    writePostSettings({ expandWarnings: true, hiddenWarningWords: ['Election'] })
    try {
      renderWithApi(
        <>
          <StatusCard status={makeStatus(ALICE, 1, 'open text', { cw: 'mild' })} />
          <StatusCard status={makeStatus(ALICE, 2, 'hidden text', { cw: 'election news' })} />
        </>
      )
      expect(screen.getByText('open text')).toBeTruthy()
      expect(screen.queryByText('hidden text')).toBeNull()
      await userEvent.click(screen.getByRole('button', { name: 'Show it' }))
      expect(screen.getByText('election news')).toBeTruthy()
    } finally {
      writePostSettings({ expandWarnings: false, hiddenWarningWords: [] })
    }
  })
})
