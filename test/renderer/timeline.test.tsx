import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Page, StatusView } from '../../shared/api/shapes.js'
import { StatusFeed } from '../../renderer/components/status/StatusFeed.js'
import { ALICE, FakeApi, makeStatus, ME } from './fake-api.js'
import { renderApp, renderWithApi } from './render.js'

function scrollTo(y: number) {
  act(() => {
    ;(window as { scrollY: number }).scrollY = y
    fireEvent.scroll(window)
  })
}

const articles = () => screen.queryAllByRole('article')
const texts = () => articles().map((a) => a.querySelector('.status-text')?.textContent)

function timelineApi(n: number): FakeApi {
  const api = new FakeApi()
  api.following.add(ALICE)
  for (let i = 0; i < n; i++) api.add(i % 2 ? ALICE : ME, `status ${i}`, { createdAt: 1_000_000 + i * 1000 })
  return api
}

describe('home timeline', () => {
  it('shows own and followed statuses, newest first', async () => {
    renderApp(timelineApi(3))
    await waitFor(() => expect(texts()).toEqual(['status 2', 'status 1', 'status 0']))
  })

  it('puts new statuses on top at once when I am at the top', async () => {
    const api = timelineApi(3)
    renderApp(api)
    await waitFor(() => expect(articles()).toHaveLength(3))
    api.add(ALICE, 'fresh from alice', { createdAt: 2_000_000 })
    act(() => api.emit('statuses', { feeds: [ALICE], added: 1, removed: 0 }))
    await waitFor(() => expect(texts()[0]).toBe('fresh from alice'))
    expect(screen.queryByRole('button', { name: /new status/ })).toBeNull()
  })

  it('holds arrivals behind an "N new" pill when I have scrolled down', async () => {
    const api = timelineApi(20)
    renderApp(api)
    await waitFor(() => expect(articles().length).toBeGreaterThan(3))
    scrollTo(1500)
    api.add(ALICE, 'new one', { createdAt: 2_000_000 })
    api.add(ALICE, 'new two', { createdAt: 2_000_001 })
    act(() => api.emit('statuses', { feeds: [ALICE], added: 2, removed: 0 }))
    const pill = await screen.findByRole('button', { name: '2 new statuses' })
    expect(texts()).not.toContain('new two')

    await userEvent.setup().click(pill)
    expect(window.scrollY).toBe(0)
    act(() => void fireEvent.scroll(window)) // what the browser fires after scrolling
    await waitFor(() => expect(texts().slice(0, 2)).toEqual(['new two', 'new one']))
    expect(screen.queryByRole('button', { name: /new status/ })).toBeNull()
  })

  it('removes a deleted status and updates counts on the engine event', async () => {
    const api = timelineApi(3)
    renderApp(api)
    await waitFor(() => expect(articles()).toHaveLength(3))
    const [newest, middle] = [...api.statuses].sort((a, b) => b.sortAt - a.sortAt)
    api.statuses = api.statuses.filter((s) => s.uri !== middle!.uri)
    api.statuses = api.statuses.map((s) => (s.uri === newest!.uri ? { ...s, counts: { ...s.counts, likes: 5 } } : s))
    act(() => api.emit('statuses', { feeds: [ALICE], added: 0, removed: 1 }))
    await waitFor(() => expect(texts()).toEqual(['status 2', 'status 0']))
    expect(screen.getByRole('button', { name: 'Like, 5 likes' })).toBeTruthy()
  })

  it('loads older statuses as I scroll, by cursor', async () => {
    const api = timelineApi(100)
    renderApp(api)
    await waitFor(() => expect(articles().length).toBeGreaterThan(0))
    expect(api.callsOf('timeline')).toEqual([{ limit: 30 }])
    scrollTo(30 * 150)
    await waitFor(() => expect(api.callsOf('timeline')).toContainEqual({ limit: 30, cursor: '30' }))
  })

  it('says what to do when the timeline is empty', async () => {
    renderApp(new FakeApi())
    expect(await screen.findByRole('heading', { name: 'Your timeline is quiet' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'follow someone' }).getAttribute('href')).toBe('#/follow')
  })
})

describe('virtualized list', () => {
  it('keeps the DOM small with 100,000 statuses, at the top and far down', async () => {
    const all: StatusView[] = []
    for (let i = 0; i < 100_000; i++) all.push(makeStatus(ALICE, i, `status number ${i} #tag @bob https://example.com/${i}`))
    const fetchPage = async (): Promise<Page<StatusView>> => ({ items: all, cursor: null })
    const { container } = renderWithApi(
      <StatusFeed queryKey="big" fetchPage={fetchPage} methods={[]} label="Big" empty={null} />
    )
    const feed = await screen.findByRole('feed', { name: 'Big' })
    const rowsAtTop = articles().length
    expect(rowsAtTop).toBeGreaterThan(3)
    expect(rowsAtTop).toBeLessThan(20)
    const nodesAtTop = container.querySelectorAll('*').length
    expect(nodesAtTop).toBeLessThan(300)
    // the list is as tall as all its rows, so the scroll bar is right
    expect(parseInt(feed.style.height, 10)).toBeGreaterThan(100_000 * 100)

    scrollTo(50_000 * 150)
    await waitFor(() => expect(texts().some((t) => t?.startsWith('status number 50000 '))).toBe(true))
    expect(articles().length).toBeLessThan(20)
    expect(container.querySelectorAll('*').length).toBeLessThan(300)
    console.log(`virtualized 100k: ${rowsAtTop} rows, ${nodesAtTop} elements in the DOM`)
  })
})
