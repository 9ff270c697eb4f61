import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { RstatusError } from '../../shared/errors.js'
import { StatusCard } from '../../renderer/components/status/StatusCard.js'
import { ALICE, BOB, FakeApi, ME, makeStatus } from './fake-api.js'
import { renderWithApi } from './render.js'

describe('StatusCard', () => {
  it('shows HTML and script in a status as inert text', () => {
    const text = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script><b>bold</b>'
    const { container } = renderWithApi(<StatusCard status={makeStatus(ALICE, 1, text)} />)
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('script')).toBeNull()
    expect(container.querySelector('b')).toBeNull()
    expect(container.querySelector('.status-text')?.textContent).toBe(text)
    expect((window as { hacked?: number }).hacked).toBeUndefined()
  })

  it('renders links, hashtags and mentions as links, and unknown mentions as text', () => {
    const status = makeStatus(ALICE, 1, 'see https://example.com/a?b=1. #Boats with @bob and @nobody', {
      mentions: [{ key: BOB, name: 'bob' }]
    })
    renderWithApi(<StatusCard status={status} />)
    const external = screen.getByRole('link', { name: 'example.com/a?b=1' })
    expect(external.getAttribute('href')).toBe('https://example.com/a?b=1')
    expect(external.getAttribute('target')).toBe('_blank')
    expect(external.getAttribute('rel')).toContain('noopener')
    expect(screen.getByRole('link', { name: '#Boats' }).getAttribute('href')).toBe('#/tag/boats')
    expect(screen.getByRole('link', { name: '@bob' }).getAttribute('href')).toBe(`#/profile/${BOB}`)
    expect(screen.queryByRole('link', { name: '@nobody' })).toBeNull()
    expect(screen.getByText(/@nobody/)).toBeTruthy()
  })

  it('shows the author name, short key, and the exact time on hover', () => {
    const status = makeStatus(ALICE, 4, 'hello', { author: { key: ALICE, name: 'alice' }, createdAt: Date.UTC(2024, 2, 4, 9, 30) })
    renderWithApi(<StatusCard status={status} />)
    expect(screen.getByRole('link', { name: 'alice' }).getAttribute('href')).toBe(`#/profile/${ALICE}`)
    expect(screen.getByText(ALICE.slice(0, 8))).toBeTruthy()
    const time = document.querySelector('time')!
    expect(time.getAttribute('title')).toMatch(/2024/)
    expect(time.getAttribute('dateTime')).toBe('2024-03-04T09:30:00.000Z')
  })

  it('shows a verified handle with its mark in place of the key, and nothing of a claim not verified', () => {
    const verified = makeStatus(ALICE, 4, 'hello', { author: { key: ALICE, name: 'alice', handle: 'alice.test', handleVerified: true } })
    const claimed = makeStatus(BOB, 5, 'me too', { author: { key: BOB, name: 'bob', handle: 'alice.test' } })
    renderWithApi(<><StatusCard status={verified} /><StatusCard status={claimed} /></>)
    const [first, second] = screen.getAllByRole('article')
    expect(within(first!).getByText('@alice.test')).toBeTruthy()
    expect(within(first!).getByRole('img', { name: 'verified' })).toBeTruthy()
    expect(within(first!).queryByText(ALICE.slice(0, 8))).toBeNull()
    expect(second!.textContent).not.toContain('alice.test')
    expect(within(second!).queryByRole('img', { name: 'verified' })).toBeNull()
    expect(within(second!).getByText(BOB.slice(0, 8))).toBeTruthy()
  })

  it('likes and unlikes through the api, showing the new count at once', async () => {
    const api = new FakeApi()
    const status = api.add(ALICE, 'like me', { counts: { likes: 2, reposts: 0, replies: 0 } })
    renderWithApi(<StatusCard status={status} />, api)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Like, 2 likes' }))
    expect(api.callsOf('like')).toEqual([{ of: status.uri }])
    const liked = screen.getByRole('button', { name: 'Unlike, 3 likes' })
    expect(liked.getAttribute('aria-pressed')).toBe('true')
    await user.click(liked)
    await waitFor(() => expect(api.callsOf('unlike')).toEqual([{ of: status.uri }]))
  })

  it('reposts through the api, and undoes the repost', async () => {
    const api = new FakeApi()
    const status = api.add(ALICE, 'repost me')
    renderWithApi(<StatusCard status={status} />, api)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Repost, 0 reposts' }))
    expect(api.callsOf('repost')).toEqual([{ of: status.uri }])
    const reposted = screen.getByRole('button', { name: 'Undo repost, 1 repost' })
    expect(reposted.getAttribute('aria-pressed')).toBe('true')
    await waitFor(() => expect((reposted as HTMLButtonElement).disabled).toBe(false))
    await user.click(reposted)
    await waitFor(() => expect(api.callsOf('unrepost')).toEqual([{ of: status.uri }]))
    expect(screen.getByRole('button', { name: 'Repost, 0 reposts' }).getAttribute('aria-pressed')).toBe('false')
  })

  it('says so in one line when a repost cannot be undone here', async () => {
    const api = new FakeApi()
    const status = api.add(ALICE, 'reposted on my other device', { repostedByMe: true, counts: { likes: 0, reposts: 1, replies: 0 } })
    api.overrides.unrepost = () => {
      throw new RstatusError('NOT_ALLOWED', 'A repost can be undone only on the device that made it')
    }
    renderWithApi(<StatusCard status={status} />, api)
    await userEvent.setup().click(screen.getByRole('button', { name: 'Undo repost, 1 repost' }))
    expect(await screen.findByText('Could not undo the repost: A repost can be undone only on the device that made it')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Undo repost, 1 repost' })).toBeTruthy()
  })

  it('offers delete only on my own statuses, and deletes after confirming', async () => {
    const api = new FakeApi()
    const mine = api.add(ME, 'mine')
    const theirs = api.add(ALICE, 'theirs')
    renderWithApi(
      <>
        <StatusCard status={mine} />
        <StatusCard status={theirs} />
      </>,
      api
    )
    await waitFor(() => expect(screen.getAllByRole('button', { name: 'Delete' })).toHaveLength(1))
    const mineCard = screen.getAllByRole('article').find((a) => a.textContent?.includes('mine'))!
    const user = userEvent.setup()
    await user.click(within(mineCard).getByRole('button', { name: 'Delete' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Delete this status?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(api.callsOf('delete')).toEqual([])
    await user.click(within(mineCard).getByRole('button', { name: 'Delete' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }))
    expect(api.callsOf('delete')).toEqual([{ uri: mine.uri }])
    expect(await screen.findByText('Status deleted')).toBeTruthy()
  })

  it('copies the status link', async () => {
    const status = makeStatus(ALICE, 7, 'copy me')
    const user = userEvent.setup()
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    renderWithApi(<StatusCard status={status} />)
    await user.click(screen.getByRole('button', { name: 'Copy link' }))
    expect(write).toHaveBeenCalledWith(status.uri)
    expect(await screen.findByText('Link copied')).toBeTruthy()
  })

  it('links reply to the thread with the reply box', () => {
    const status = makeStatus(ALICE, 9, 'reply to me', { counts: { likes: 0, reposts: 0, replies: 1 } })
    renderWithApi(<StatusCard status={status} />)
    expect(screen.getByRole('link', { name: 'Reply, 1 reply' }).getAttribute('href')).toBe(`#/status/${ALICE}/9?reply=1`)
  })
})
