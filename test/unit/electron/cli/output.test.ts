import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { errorLine, formatStatus, formatStopped, relativeTime, timelineItem } from '../../../../electron/cli/output.js'
import type { FeedSync } from '../../../../shared/api/follows.js'
import type { StatusView } from '../../../../shared/api/shapes.js'

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'

describe('CLI output', () => {
  test('errorLine() is one line starting with "rstatus: "', () => {
    assert.equal(errorLine('The data directory /x is in use by another rstatus process (pid 4)'),
      'rstatus: the data directory /x is in use by another rstatus process (pid 4)')
    assert.equal(errorLine('URI broken\nsecond line'), 'rstatus: URI broken')
  })

  test('a status from a feed prints as inert text', () => {
    const s: StatusView = {
      uri: `rstatus://${KEY}/1`, feed: KEY, seq: 1, type: 'status', text: 'hi \u001b]0;pwned\u0007 <b>x</b>',
      createdAt: 1000, sortAt: 1000, author: { key: KEY, name: 'Eve\u001b[31m' },
      counts: { likes: 2, reposts: 0, replies: 1 }, likedByMe: false, repostedByMe: false
    }
    const text = formatStatus(s, 1000)
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f]/)
    assert.match(text, /^Eve\ufffd\[31m \(ybndrfg8\) · just now/)
    assert.match(text, /<b>x<\/b>/)
    assert.match(text, /1 reply, 2 likes$/)
  })

  test('a status prints its mentions and whom it answers by name, the key beside a name that would not say who', () => {
    const bob = 'yyyyyyyyejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'
    const s: StatusView = {
      uri: `rstatus://${KEY}/2`, feed: KEY, seq: 2, type: 'status', text: `thanks @ally, ask @${bob}`, createdAt: 1000, sortAt: 1000,
      author: { key: KEY, name: 'Eve' }, replyTo: `rstatus://${bob}/1`, root: `rstatus://${bob}/1`, replyToAuthor: { key: bob, name: 'Bob' },
      mentions: [{ key: KEY, name: 'ally', profileName: 'Alice', nameShared: true }, { key: bob, name: bob, profileName: 'Bob', nameShared: false }],
      counts: { likes: 0, reposts: 0, replies: 0 }, likedByMe: false, repostedByMe: false
    }
    const text = formatStatus(s, 1000)
    assert.match(text, /· reply to Bob \(yyyyyyyy\), rstatus:\/\//)
    assert.match(text, /^  thanks @Alice \(ybndrfg8\), ask @Bob$/m)
  })

  test('a timeline item gives a card\'s picture in the shape of an attachment, and no image key without one', () => {
    const image = { type: 'image' as const, mime: 'image/webp' as const, blobs: KEY, blob: { blockOffset: 4, blockLength: 1, byteOffset: 90, byteLength: 30 }, width: 800, height: 420 }
    const card = { url: 'https://example.com/a', title: 'A', description: '' }
    const s: StatusView = {
      uri: `rstatus://${KEY}/1`, feed: KEY, seq: 1, type: 'status', text: 'see https://example.com/a', createdAt: 1000, sortAt: 1000,
      author: { key: KEY, name: 'Ann' }, counts: { likes: 0, reposts: 0, replies: 0 }, likedByMe: false, repostedByMe: false,
      attachments: [image], card: { ...card, image }
    }
    const item = timelineItem(s) as { attachments: unknown[]; card: Record<string, unknown> }
    assert.deepEqual(item.card, { ...card, image })
    assert.deepEqual(item.card.image, item.attachments[0])
    assert.deepEqual(timelineItem({ ...s, card }).card, card)
  })

  test('relativeTime', () => {
    const now = Date.UTC(2025, 0, 10)
    assert.equal(relativeTime(now - 10_000, now), 'just now')
    assert.equal(relativeTime(now - 5 * 60_000, now), '5m ago')
    assert.equal(relativeTime(now - 3 * 3600_000, now), '3h ago')
    assert.equal(relativeTime(now - 2 * 86_400_000, now), '2d ago')
    assert.equal(relativeTime(Date.UTC(2024, 11, 1), now), '2024-12-01')
  })
  test('a feed stopped at the cap or forked is one line with its figures, its name made inert', () => {
    const feed: FeedSync = {
      key: KEY, name: 'Eve\u001b[2J', peers: 1, remoteLength: 900, localLength: 120, held: 130, indexedLength: 110,
      lastSeen: 1, invalid: 0, stopped: 'size-cap', capLength: 120
    }
    assert.equal(formatStopped(feed),
      `${KEY} (Eve\ufffd[2J) stopped at the size cap: the first 120 of its 900 blocks are fetched and indexed (RSTATUS_MAX_FEED_MB sets the cap)`)
    assert.equal(formatStopped({ ...feed, name: null, stopped: 'forked' }),
      `${KEY} was forked by its author: frozen at the 120 blocks held, 110 of them indexed`)
  })
})
