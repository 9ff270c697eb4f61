import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { StatusView } from '../../../../shared/api/shapes.js'
import { statusUri } from '../../../../shared/keys.js'
import { atomFeed, rfc3339, titleOf } from '../../../../electron/serve/atom.js'
import { childNamed, childrenNamed, parseXml } from '../../../helpers/xml.js'

const ATOM = 'http://www.w3.org/2005/Atom'
const THR = 'http://purl.org/syndication/thread/1.0'
const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'

function status(seq: number, text: string, createdAt: number, extra: Partial<StatusView> = {}): StatusView {
  return {
    uri: statusUri(KEY, seq), feed: KEY, seq, type: 'status', text, createdAt, sortAt: createdAt,
    author: { key: KEY, name: 'Ann' }, counts: { likes: 0, reposts: 0, replies: 0 }, likedByMe: false, repostedByMe: false,
    ...extra
  }
}

const TRICKY = [
  'less < more & "quotes" \'single\' > done',
  'emoji 🎉👩🏽‍💻 and 日本語 #タグ',
  'markup <b>bold</b> &amp; not an entity ]]> end of CDATA',
  'two\nlines\r\nand a\ttab',
  '  leading and trailing spaces  '
]

describe('Atom feed', () => {
  const statuses = TRICKY.map((text, i) => status(10 - i, text, Date.UTC(2024, 5, 1, 12, 0, 10 - i)))
  const xml = atomFeed({ profile: { key: KEY, name: 'Ann & <Co>', bio: 'Writes "things"' }, statuses, now: 0, selfUrl: 'http://127.0.0.1:7420/feed.atom' })

  test('is well-formed XML in the Atom namespace, with the required feed elements', () => {
    const feed = parseXml(xml)
    assert.equal(feed.ns, ATOM)
    assert.equal(feed.local, 'feed')
    assert.equal(childNamed(feed, 'id')?.text, `rstatus://${KEY}`)
    assert.equal(childNamed(feed, 'title')?.text, 'Ann & <Co>')
    assert.equal(childNamed(feed, 'subtitle')?.text, 'Writes "things"')
    assert.equal(childNamed(feed, 'updated')?.text, '2024-06-01T12:00:10.000Z')
    assert.equal(childNamed(childNamed(feed, 'author')!, 'name')?.text, 'Ann & <Co>')
    const links = childrenNamed(feed, 'link').map((l) => [l.attrs.rel, l.attrs.href])
    assert.deepEqual(links, [['alternate', `rstatus://${KEY}`], ['self', 'http://127.0.0.1:7420/feed.atom']])
  })

  test('round-trips every status: id, times and the exact text', () => {
    const entries = childrenNamed(parseXml(xml), 'entry')
    assert.equal(entries.length, statuses.length)
    entries.forEach((entry, i) => {
      const s = statuses[i]!
      assert.equal(childNamed(entry, 'id')?.text, s.uri)
      assert.equal(childNamed(entry, 'published')?.text, new Date(s.createdAt).toISOString())
      assert.equal(childNamed(entry, 'updated')?.text, new Date(s.createdAt).toISOString())
      const content = childNamed(entry, 'content')!
      assert.equal(content.attrs.type, 'text')
      assert.equal(content.text, s.text)
      assert.equal(childNamed(entry, 'title')?.text, titleOf(s.text))
    })
  })

  test('a reply carries thr:in-reply-to, and hashtags become categories', () => {
    const parent = statusUri(KEY, 3)
    const feed = parseXml(
      atomFeed({ profile: { key: KEY, name: null, bio: '' }, statuses: [status(5, 'yes #Boats', 1000, { replyTo: parent, root: parent })], now: 0 })
    )
    assert.equal(childNamed(feed, 'title')?.text, KEY.slice(0, 8))
    assert.equal(childNamed(feed, 'subtitle'), undefined)
    const entry = childNamed(feed, 'entry')!
    assert.equal(childNamed(entry, 'in-reply-to', THR)?.attrs.ref, parent)
    assert.deepEqual(childrenNamed(entry, 'category').map((c) => c.attrs.term), ['boats'])
  })

  test('characters XML cannot carry become U+FFFD, so the feed still parses', () => {
    const bad = 'bell \u0007 nul \u0000 lone \ud800 end \uffff'
    const feed = parseXml(atomFeed({ profile: { key: KEY, name: 'x\u0001', bio: '' }, statuses: [status(1, bad, 1)], now: 0 }))
    assert.equal(childNamed(childNamed(feed, 'entry')!, 'content')?.text, 'bell \ufffd nul \ufffd lone \ufffd end \ufffd')
    assert.equal(childNamed(feed, 'title')?.text, 'x\ufffd')
  })

  test('an empty feed is valid and dated now', () => {
    const feed = parseXml(atomFeed({ profile: { key: KEY, name: 'Ann', bio: '' }, statuses: [], now: Date.UTC(2025, 0, 2) }))
    assert.equal(childNamed(feed, 'updated')?.text, '2025-01-02T00:00:00.000Z')
    assert.equal(childrenNamed(feed, 'entry').length, 0)
  })

  test('times are RFC 3339 with four-digit years, whatever a feed claims', () => {
    assert.equal(rfc3339(0), '1970-01-01T00:00:00.000Z')
    assert.equal(rfc3339(Number.MAX_SAFE_INTEGER), '9999-12-31T23:59:59.999Z')
    assert.match(rfc3339(Date.UTC(2018, 9, 10, 20, 19, 24)), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  test('titles are the first line, shortened', () => {
    assert.equal(titleOf('first line\nsecond'), 'first line')
    const long = 'é'.repeat(200)
    assert.equal([...titleOf(long)].length, 80)
    assert.ok(titleOf(long).endsWith('\u2026'))
  })
})
