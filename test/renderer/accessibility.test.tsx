import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ALICE, FakeApi, ME } from './fake-api.js'
import { renderApp } from './render.js'

const ROLES = ['button', 'link', 'textbox', 'searchbox', 'tab', 'combobox', 'progressbar'] as const

/** Every control on screen has a non-empty accessible name. */
function expectAllNamed() {
  for (const role of ROLES) {
    const all = screen.queryAllByRole(role)
    const named = screen.queryAllByRole(role, { name: /\S/ })
    const unnamed = all.filter((el) => !named.includes(el)).map((el) => el.outerHTML.slice(0, 120))
    expect(unnamed, `${role}s without a name`).toEqual([])
  }
}

function populated(): FakeApi {
  const api = new FakeApi()
  api.following.add(ALICE)
  api.add(ALICE, 'hello #world from https://example.com and @Me', { mentions: [{ key: ME, name: 'Me' }] })
  api.add(ME, 'my own status')
  api.sync = { online: true, peers: 1, feeds: [{ key: ALICE, name: 'alice', peers: 1, remoteLength: 4, localLength: 2, held: 2, indexedLength: 2, lastSeen: null, invalid: 0, stopped: null }] }
  return api
}

describe('accessible names', () => {
  const screens: Array<[string, string, string]> = [
    ['home', '#/home', 'my own status'],
    ['profile', `#/profile/${ALICE}`, 'Alice writes about boats.'],
    ['thread', '#/status/' + ALICE + '/100', 'No replies yet'],
    ['follow', '#/follow', 'Follow someone'],
    ['sync', '#/sync', 'Sync & network'],
    ['settings', '#/settings', 'Your identity'],
    ['notifications', '#/notifications', 'Notifications']
  ]
  for (const [name, hash, marker] of screens) {
    it(`names every control on the ${name} screen`, async () => {
      renderApp(populated(), hash)
      await waitFor(() => expect(screen.getAllByText(marker).length).toBeGreaterThan(0))
      expectAllNamed()
    })
  }
})
