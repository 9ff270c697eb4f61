// The search index's stored layout: one key per word, feed, hour and 1,024 seqs, read back as the same newest-first
// entries a key per status and word gave.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type RocksDB from 'rocksdb-native'
import { openRocksDb } from '../../../../../electron/platform/rocksdb.js'
import { WORD_GROUP_MS, WORD_GROUP_SEQS, addWords, removeWords, wordEntries, wordEntryKey, wordPrefix } from '../../../../../electron/engine/views/search-index.js'
import { Tx, prefixEnd } from '../../../../../electron/engine/views/store.js'
import { FakeFeed, T0, allPages, openHarness, randomKey, texts } from './fixtures.js'

async function collect(db: RocksDB, token: string, cursor: string | null = null): Promise<string[]> {
  const keys: string[] = []
  for await (const e of wordEntries(db, token, cursor)) keys.push(e.key)
  return keys
}

async function storedKeys(db: RocksDB, prefix: string): Promise<number> {
  let n = 0
  for await (const _ of db.iterator({ gt: prefix, lt: prefixEnd(prefix) })) n++
  return n
}

describe('search index', () => {
  let dir: string
  let db: RocksDB
  const [a, b] = [randomKey(), randomKey()].sort()
  // Statuses of two feeds a minute apart over three hours, some of both feeds at the same time, their seqs
  // spread over several runs of 1,024.
  const statuses = Array.from({ length: 180 }, (_, i) => ({ feed: i % 3 === 0 ? b! : a!, seq: i * 20 + 2, sortAt: T0 + Math.floor(i / 2) * 120_000 }))
  const groupOf = (s: { feed: string; seq: number; sortAt: number }) => `${s.feed} ${Math.floor(s.sortAt / WORD_GROUP_MS)} ${Math.floor(s.seq / WORD_GROUP_SEQS)}`
  const catKeys = statuses.filter((s) => s.seq % 40 === 2).map((s) => wordEntryKey('cat', s.sortAt, s.feed, s.seq))
  const newestFirst = [...catKeys].sort().reverse()

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-words-'))
    db = await openRocksDb(dir)
    // Two transactions, the second adding to the groups the first wrote.
    for (const half of [statuses.slice(90), statuses.slice(0, 90)]) {
      const tx = new Tx(db)
      for (const s of half) addWords(tx, s.seq % 40 === 2 ? ['cat', 'dog'] : ['dog'], s.sortAt, s.feed, s.seq)
      await tx.commit()
    }
  })
  after(async () => {
    await db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('keeps one key per word, feed, hour and 1,024 seqs', async () => {
    const groups = new Set(statuses.map(groupOf))
    assert.equal(await storedKeys(db, wordPrefix('dog')), groups.size)
    assert.ok(groups.size < statuses.length / 5)
  })

  it('reads every entry of a word newest first, and from a cursor on', async () => {
    assert.deepEqual(await collect(db, 'cat'), newestFirst)
    assert.deepEqual(await collect(db, 'dog'), statuses.map((s) => wordEntryKey('dog', s.sortAt, s.feed, s.seq)).sort().reverse())
    assert.deepEqual(await collect(db, 'cat', newestFirst[40]!), newestFirst.slice(41))
    assert.deepEqual(await collect(db, 'bird'), [])
  })

  it('removes an entry and leaves its group to the others; an emptied group is deleted', async () => {
    const tx = new Tx(db)
    const gone = statuses.filter((s) => s.seq % 40 === 2 && s.seq <= 1200)
    for (const s of gone) removeWords(tx, ['cat'], s.sortAt, s.feed, s.seq)
    await tx.commit()
    const left = gone.map((s) => wordEntryKey('cat', s.sortAt, s.feed, s.seq))
    assert.deepEqual(await collect(db, 'cat'), newestFirst.filter((k) => !left.includes(k)))
    const groups = new Set(statuses.filter((s) => s.seq % 40 === 2 && s.seq > 1200).map(groupOf))
    assert.equal(await storedKeys(db, wordPrefix('cat')), groups.size)
  })

  it('pages a search across feeds, hours and equal times as the statuses are placed', async () => {
    const h = await openHarness()
    try {
      const [x, y] = [new FakeFeed(), new FakeFeed()]
      for (let i = 0; i < 30; i++) {
        const createdAt = T0 + Math.floor(i / 2) * 1_000_000 // four statuses at every time, over four hours
        x.status(`word ${i} from xx`, { createdAt })
        y.status(`word ${i} from yy`, { createdAt })
      }
      await h.sync(y)
      await h.sync(x)
      const expected = [x, y]
        .flatMap((f) => Array.from({ length: 30 }, (_, i) => ({ key: f.key, seq: i + 1, at: Math.floor(i / 2), text: `word ${i} from ${f === x ? 'xx' : 'yy'}` })))
        .sort((p, q) => q.at - p.at || (p.key === q.key ? q.seq - p.seq : p.key < q.key ? 1 : -1))
        .map((s) => s.text)
      const found = await allPages((cursor) => h.views.search('word', { limit: 7, ...(cursor ? { cursor } : {}) }))
      assert.deepEqual(texts(found), expected)
      const fromX = await allPages((cursor) => h.views.search('from word xx', { limit: 4, ...(cursor ? { cursor } : {}) }))
      assert.deepEqual(texts(fromX), expected.filter((t) => t.endsWith(' xx')))
    } finally {
      await h.cleanup()
    }
  })
})
