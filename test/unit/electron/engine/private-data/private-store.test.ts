// The private store on real Corestores replicating in this process (docs/PROTOCOL.md "Private data"): two
// devices of one identity read each other's writes, a core of garbage is skipped and counted, a new seed
// generation moves each device to a new core carrying what it knew, and a restore writes in a new incarnation.
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import Corestore from 'corestore'
import ids from 'hypercore-id-encoding'
import { PrivateKeys } from '../../../../../electron/engine/private-data/keys.js'
import { PrivateStore, RESTORED_PRIVATE_FILE } from '../../../../../electron/engine/private-data/private-store.js'
import { tmpDir, waitFor } from '../../../../helpers/tmp.js'

const tmp = tmpDir('rstatus-private-store-')
after(() => tmp.cleanup())

interface Device {
  store: Corestore
  key: string
  seeds: Array<{ generation: number; seed: Buffer }>
  devices: string[]
  dir: string
  changes: number
  private: PrivateStore
}

let n = 0
async function device(seeds: Array<{ generation: number; seed: Buffer }>, devices: () => string[], dir = path.join(tmp.dir, `d${n++}`)): Promise<Device> {
  fs.mkdirSync(dir, { recursive: true })
  const store = new Corestore(path.join(dir, 'store'))
  const feed = store.get({ name: 'feed' })
  await feed.ready()
  const d = { store, key: ids.encode(feed.key), seeds, dir, changes: 0 } as Device
  d.private = new PrivateStore({
    store,
    device: d.key,
    devices: async () => devices(),
    seeds: () => d.seeds,
    dataDir: dir,
    changed: () => void d.changes++,
    failed: (what, err) => assert.fail(`${what}: ${(err as Error).message}`)
  })
  await d.private.ready()
  return d
}

function connect(a: Device, b: Device): () => void {
  const s1 = a.store.replicate(true)
  const s2 = b.store.replicate(false)
  s1.pipe(s2).pipe(s1)
  return () => {
    s1.destroy()
    s2.destroy()
  }
}

const post = `rstatus://${ids.encode(crypto.randomBytes(32))}/1`
const friend = ids.encode(crypto.randomBytes(32))

describe('PrivateStore', () => {
  const seed0 = { generation: 0, seed: crypto.randomBytes(32) }
  const keys: string[] = []
  let laptop: Device
  let phone: Device

  it('reads what another device of the identity wrote', async () => {
    laptop = await device([seed0], () => keys)
    phone = await device([seed0], () => keys)
    keys.push(laptop.key, phone.key)
    await Promise.all([laptop.private.refresh(), phone.private.refresh()])
    const disconnect = connect(laptop, phone)
    await laptop.private.write({ type: 'bookmark', uri: post, at: Date.now() })
    await laptop.private.write({ type: 'list-create', name: 'Friends', at: Date.now() })
    await phone.private.write({ type: 'list-add', name: 'Friends', key: friend, at: Date.now() })
    await phone.private.write({ type: 'draft-put', id: 'd1', text: 'half a thought', at: Date.now() })
    for (const d of [laptop, phone]) {
      await waitFor(() => d.private.current.lists()[0]?.members.length === 1 && d.private.current.drafts().length === 1 && d.private.current.isBookmarked(post), {
        what: 'both devices to hold every write',
        timeout: 30_000
      })
    }
    assert.ok(phone.changes > 0, 'a record from another device is a change')
    assert.deepEqual(laptop.private.current.lists(), phone.private.current.lists())
    disconnect()
  })

  it('skips and counts a hostile core, and holds only ciphertext on disk', async () => {
    // Whoever holds the seed may write a device's core: here, garbage into a third "device" of the identity.
    const keysNow = new PrivateKeys(seed0.seed, 0)
    const rogueKey = crypto.randomBytes(32)
    const rogue = laptop.store.get({ keyPair: keysNow.coreKeyPair(rogueKey, 0), encryption: { key: keysNow.encryptionKey } })
    await rogue.ready()
    await rogue.append([
      Buffer.from(JSON.stringify({ type: 'header', protocol: 'rstatus-private', version: 1 })),
      Buffer.from('not json'),
      Buffer.from(JSON.stringify({ type: 'bookmark', uri: 'https://example.com', at: 1 })),
      Buffer.from(JSON.stringify({ type: 'future-thing', at: 1 })),
      Buffer.from(JSON.stringify({ type: 'unbookmark', uri: 'rstatus://x/1', at: 9e15 }))
    ])
    keys.push(ids.encode(rogueKey))
    await laptop.private.refresh()
    await waitFor(() => laptop.private.counts.invalid >= 3, { what: 'the bad blocks counted' })
    assert.equal(laptop.private.counts.unknown, 1)
    assert.ok(laptop.private.current.isBookmarked(post), 'nothing held is lost')
    keys.pop()
    await rogue.close()
    const bytes = fs.readdirSync(path.join(laptop.dir, 'store'), { recursive: true }).map((f) => path.join(laptop.dir, 'store', String(f)))
    const onDisk = bytes.filter((f) => fs.statSync(f).isFile()).map((f) => fs.readFileSync(f).toString('latin1')).join('')
    assert.ok(!onDisk.includes('half a thought') && !onDisk.includes('Friends'), 'the records are encrypted at rest')
  })

  it('moves to a new core on a new seed generation, carrying what it knew', async () => {
    const seed1 = { generation: 1, seed: crypto.randomBytes(32) }
    const before = laptop.private.ownCores()[0]!
    laptop.seeds = [seed0, seed1]
    await laptop.private.refresh()
    assert.notDeepEqual(laptop.private.ownCores()[0], before)
    assert.ok(laptop.private.current.isBookmarked(post))
    assert.equal(laptop.private.current.drafts()[0]?.text, 'half a thought')
    // A device that only holds the old seed reads none of what is written now.
    await laptop.private.write({ type: 'draft-put', id: 'd2', text: 'after the removal', at: Date.now() })
    const disconnect = connect(laptop, phone)
    phone.seeds = [seed0, seed1]
    await phone.private.refresh()
    await waitFor(() => phone.private.current.drafts().some((d) => d.id === 'd2'), { what: 'the phone to read the new generation', timeout: 30_000 })
    assert.equal(phone.private.current.lists()[0]?.members[0], friend)
    disconnect()
  })

  it('writes a restored backup into the next incarnation of its core', async () => {
    const backup = laptop.private.exportBackup()!
    assert.equal(backup.incarnation, 0)
    const dir = path.join(tmp.dir, 'restored')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, RESTORED_PRIVATE_FILE), JSON.stringify({ ...backup, records: [...backup.records, { type: 'bookmark', uri: 'nope', at: 1 }] }))
    const restored = await device(laptop.seeds, () => keys, dir)
    assert.ok(restored.private.current.isBookmarked(post))
    assert.equal(restored.private.counts.invalid, 1, 'a bad record in the backup is skipped and counted')
    assert.equal(fs.existsSync(path.join(dir, RESTORED_PRIVATE_FILE)), false)
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'private-data.json'), 'utf8')), { incarnation: 1 })
    await restored.private.close()
    await restored.store.close()
  })

  after(async () => {
    for (const d of [laptop, phone]) {
      await d?.private.close()
      await d?.store.close()
    }
  })
})
