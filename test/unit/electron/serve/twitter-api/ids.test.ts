import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { baseId, IDS_PER_MS, TwitterIds } from '../../../../../electron/serve/twitter-api/ids.js'
import { tmpDir } from '../../../../helpers/tmp.js'

const KEY_A = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'
const KEY_B = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1y'
const uri = (seq: number, key = KEY_A) => `rstatus://${key}/${seq}`

async function open(t: { after: (fn: () => Promise<void> | void) => void }) {
  const tmp = tmpDir('rstatus-twids-')
  const dir = path.join(tmp.dir, 'twitter-ids')
  const ids = await TwitterIds.open(dir)
  t.after(async () => {
    await ids.close().catch(() => {})
    tmp.cleanup()
  })
  return { dir, ids }
}

describe('Twitter ids', () => {
  test('an id is time × 2048, decimal, exact in JavaScript, and grows with time', async (t) => {
    const { ids } = await open(t)
    const at = Date.UTC(2024, 0, 1)
    const [older, newer] = await ids.statusIds([{ uri: uri(1), time: at }, { uri: uri(2), time: at + 1 }])
    assert.equal(older, at * IDS_PER_MS)
    assert.equal(newer, (at + 1) * IDS_PER_MS)
    assert.ok(Number.isSafeInteger(newer))
    assert.equal(baseId(Number.MAX_SAFE_INTEGER) <= Number.MAX_SAFE_INTEGER, true)
    assert.equal(baseId(0), 1)
  })

  test('one to one, both ways, and the same id every time it is asked', async (t) => {
    const { ids } = await open(t)
    const [a] = await ids.statusIds([{ uri: uri(1), time: 5000 }])
    const [again] = await ids.statusIds([{ uri: uri(1), time: 999_999 }])
    assert.equal(again, a)
    assert.equal(await ids.statusUri(a!), uri(1))
    assert.equal(await ids.knownStatusId(uri(1)), a)
    assert.equal(await ids.knownStatusId(uri(2)), null)
    assert.equal(await ids.statusUri(a! + 1), null)
    assert.equal(await ids.statusUri(-1), null)
  })

  test('statuses placed in the same millisecond get distinct ids in timeline order (newest first in, highest id)', async (t) => {
    const { ids } = await open(t)
    // a timeline page lists the newest first: B/9 before A/3 at the same time
    const page = [{ uri: uri(9, KEY_B), time: 7 }, { uri: uri(3), time: 7 }, { uri: uri(2), time: 6 }]
    const got = await ids.statusIds(page)
    assert.deepEqual(got, [7 * IDS_PER_MS + 1, 7 * IDS_PER_MS, 6 * IDS_PER_MS])
    // and a later arrival in that millisecond takes the next free id
    assert.deepEqual(await ids.statusIds([{ uri: uri(4), time: 7 }]), [7 * IDS_PER_MS + 2])
  })

  test('more than 2048 in one millisecond spill into the next ids, still unique', async (t) => {
    const { ids } = await open(t)
    const many = Array.from({ length: IDS_PER_MS + 5 }, (_, i) => ({ uri: uri(i + 1), time: 1 }))
    const got = await ids.statusIds(many)
    assert.equal(new Set(got).size, many.length)
    const [next] = await ids.statusIds([{ uri: uri(1, KEY_B), time: 2 }])
    assert.equal(new Set([...got, next]).size, many.length + 1)
    assert.ok(next! > 2 * IDS_PER_MS)
  })

  test('ids and user ids survive closing and opening again', async (t) => {
    const tmp = tmpDir('rstatus-twids-')
    t.after(() => tmp.cleanup())
    const dir = path.join(tmp.dir, 'ids')
    const first = await TwitterIds.open(dir)
    const [status] = await first.statusIds([{ uri: uri(1), time: 42 }])
    const users = await first.userIds([KEY_A, KEY_B, KEY_A])
    await first.close()
    const second = await TwitterIds.open(dir)
    t.after(() => second.close())
    assert.deepEqual(await second.statusIds([{ uri: uri(1), time: 1 }]), [status])
    assert.deepEqual(users, [1, 2, 1])
    assert.deepEqual(await second.userIds([KEY_B, KEY_A]), [2, 1])
    assert.equal(await second.userKey(2), KEY_B)
    assert.equal(await second.userKey(3), null)
    assert.deepEqual(await second.userIds(['ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1o']), [3])
  })

  test('concurrent requests never share an id', async (t) => {
    const { ids } = await open(t)
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => ids.statusIds([{ uri: uri(i + 1), time: 100 }])))
    assert.equal(new Set(runs.flat()).size, 20)
  })
})
