import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ALICE, BOB, FakeApi } from './fake-api.js'
import { renderApp } from './render.js'

describe('sync and network', () => {
  it('shows online with peers, and each followed feed with its progress', async () => {
    const api = new FakeApi()
    api.sync = {
      online: true,
      peers: 3,
      feeds: [
        { key: ALICE, name: 'alice', peers: 2, remoteLength: 200, localLength: 20, held: 50, indexedLength: 50, lastSeen: Date.now() - 5 * 60_000, invalid: 2, stopped: null },
        { key: BOB, name: null, peers: 0, remoteLength: 0, localLength: 0, held: 0, indexedLength: 0, lastSeen: null, invalid: 0, stopped: null }
      ]
    }
    renderApp(api, '#/sync')
    expect(await screen.findByText('Online, connected to 3 peers')).toBeTruthy()
    const bar = screen.getByRole('progressbar', { name: 'alice: 50 of 200 entries' }) as HTMLProgressElement
    expect([bar.value, bar.max]).toEqual([50, 200])
    const feeds = screen.getByRole('list', { name: 'Followed feeds' })
    expect(within(feeds).getByText('2 unreadable entries skipped')).toBeTruthy()
    expect(within(feeds).getByText('Waiting for a peer')).toBeTruthy()
    expect(within(feeds).getByText(/never/)).toBeTruthy()
  })

  it('says how each feed is connected, and when the router blocks direct connections', async () => {
    const api = new FakeApi()
    api.sync = {
      online: true,
      peers: 2,
      reach: 'hard-nat',
      feeds: [
        { key: ALICE, name: 'alice', peers: 1, remoteLength: 3, localLength: 3, held: 3, indexedLength: 3, lastSeen: Date.now(), invalid: 0, stopped: null, connection: 'relayed' },
        { key: BOB, name: 'bob', peers: 1, remoteLength: 3, localLength: 3, held: 3, indexedLength: 3, lastSeen: Date.now(), invalid: 0, stopped: null, connection: 'direct' }
      ]
    }
    renderApp(api, '#/sync')
    expect(await screen.findByText(/Your router blocks direct connections/)).toBeTruthy()
    const feeds = screen.getByRole('list', { name: 'Followed feeds' })
    const rows = within(feeds).getAllByRole('listitem')
    expect(within(rows[0]!).getByText(/Connected through a relay/)).toBeTruthy()
    expect(within(rows[1]!).getByText(/Connected directly/)).toBeTruthy()
    expect(screen.getByRole('link', { name: /^Network: Online · 2 peers · strict router/ })).toBeTruthy()
  })

  it('follows network events in the side bar', async () => {
    const api = new FakeApi()
    renderApp(api)
    const indicator = await screen.findByRole('link', { name: /^Network: Online · 2 peers/ })
    act(() => api.emit('network', { online: false, peers: 0 }))
    await waitFor(() => expect(indicator.getAttribute('aria-label')).toMatch(/^Network: Offline/))
  })

  it('says in plain words when a followed feed was written with a newer version of rstatus', async () => {
    const api = new FakeApi()
    api.sync = {
      online: true,
      peers: 1,
      feeds: [{ key: ALICE, name: 'alice', peers: 1, remoteLength: 3, localLength: 3, held: 3, indexedLength: 3, lastSeen: Date.now(), invalid: 0, stopped: null, newerVersion: 2 }]
    }
    renderApp(api, '#/sync')
    const feeds = await screen.findByRole('list', { name: 'Followed feeds' })
    expect(within(feeds).getByText('Written with a newer version of rstatus (feed format 2): its statuses show once you update rstatus')).toBeTruthy()
  })
})
