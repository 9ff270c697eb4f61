import { describe, expect, it } from 'vitest'
import { href, parseRoute, statusHref } from '../../renderer/navigation/routes.js'
import { ALICE } from './fake-api.js'

describe('hash routes', () => {
  it('parses every screen, including the deep links the desktop shell navigates to', () => {
    expect(parseRoute('')).toEqual({ name: 'home' })
    expect(parseRoute('#/home')).toEqual({ name: 'home' })
    expect(parseRoute(`#/profile/${ALICE}`)).toEqual({ name: 'profile', key: ALICE })
    expect(parseRoute(`#/status/${ALICE}/12`)).toEqual({ name: 'status', key: ALICE, seq: 12, reply: false })
    expect(parseRoute(`#/status/${ALICE}/12?reply=1`)).toEqual({ name: 'status', key: ALICE, seq: 12, reply: true })
    expect(parseRoute('#/tag/caf%C3%A9')).toEqual({ name: 'tag', tag: 'café' })
    expect(parseRoute('#/search?q=a%20b')).toEqual({ name: 'search', q: 'a b' })
    expect(parseRoute('#/notifications')).toEqual({ name: 'notifications' })
    expect(parseRoute('#/follow')).toEqual({ name: 'follow', ref: '' })
    expect(parseRoute('#/sync')).toEqual({ name: 'sync' })
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' })
  })

  it('refuses malformed keys and sequence numbers instead of guessing', () => {
    expect(parseRoute('#/profile/not-a-key').name).toBe('not-found')
    expect(parseRoute(`#/status/${ALICE}/-1`).name).toBe('not-found')
    expect(parseRoute(`#/status/${ALICE}/1/2`).name).toBe('not-found')
    expect(parseRoute('#/%E0%A4%A').name).toBe('not-found')
  })

  it('builds addresses that parse back', () => {
    expect(parseRoute(href.tag('ünï code'))).toEqual({ name: 'tag', tag: 'ünï code' })
    expect(parseRoute(href.search('#x & y'))).toEqual({ name: 'search', q: '#x & y' })
    expect(parseRoute(statusHref(`rstatus://${ALICE}/3`))).toEqual({ name: 'status', key: ALICE, seq: 3, reply: false })
  })
})
