// The views' write transaction: what a range prefetch tells later reads, and that the transaction's own
// writes still win over it.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type RocksDB from 'rocksdb-native'
import { openRocksDb } from '../../../../../electron/platform/rocksdb.js'
import { Tx, writeOne } from '../../../../../electron/engine/views/store.js'

describe('Tx', () => {
  let dir: string
  let db: RocksDB
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstatus-tx-'))
    db = await openRocksDb(dir)
    await writeOne(db, 'blk\u0000f\u00002', 's')
    await writeOne(db, 'blk\u0000f\u00004', 'l')
    await writeOne(db, 'blk\u0000f\u00009', 'outside')
  })
  after(async () => {
    await db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('answers every key of a prefetched range, found or absent, without another read', async () => {
    const tx = new Tx(db)
    const keys = [1, 2, 3, 4, 5].map((s) => `blk\u0000f\u0000${s}`)
    await tx.prefetchRange(keys[0]!, keys[4]!, keys)
    // Written behind the transaction's back: a get that went to the database would see it.
    await writeOne(db, 'blk\u0000f\u00003', 'late')
    assert.deepEqual(await Promise.all(keys.map((k) => tx.get(k))), [null, 's', null, 'l', null])
    assert.equal(await tx.get('blk\u0000f\u00009'), 'outside', 'a key outside the range is read as before')
  })

  it('sees in a scan what it wrote after an earlier scan', async () => {
    const tx = new Tx(db)
    tx.put('kid\u0000t\u0000a', '1')
    assert.deepEqual((await tx.scan('kid\u0000t\u0000')).map((e) => e.key), ['kid\u0000t\u0000a'])
    tx.put('kid\u0000t\u0000b', '2')
    tx.del('kid\u0000t\u0000a')
    tx.put('kid\u0000u\u0000c', '3')
    assert.deepEqual(await tx.scan('kid\u0000t\u0000'), [{ key: 'kid\u0000t\u0000b', value: '2' }])
  })

  it('keeps its own writes over what a later prefetch finds', async () => {
    const tx = new Tx(db)
    tx.put('blk\u0000f\u00002', 'mine')
    tx.del('blk\u0000f\u00004')
    const keys = [2, 4].map((s) => `blk\u0000f\u0000${s}`)
    await tx.prefetchRange(keys[0]!, keys[1]!, keys)
    assert.equal(await tx.get(keys[0]!), 'mine')
    assert.equal(await tx.get(keys[1]!), null)
  })
})
