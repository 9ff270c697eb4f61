import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { ServedKeys } from '../../../../electron/mirror/served-keys.js'
import { tmpDir } from '../../../helpers/tmp.js'

const key = () => ids.encode(crypto.randomBytes(32))

describe('ServedKeys: whom a mirror keeps mail for', () => {
  const tmp = tmpDir('rstatus-served-keys-')
  after(() => tmp.cleanup())

  it('learns each trusted peer’s keys from its asks, replacing what that peer asked before, across a restart', () => {
    const file = path.join(tmp.dir, 'served.json')
    const served = new ServedKeys(file)
    const [laptop, phone] = [crypto.randomBytes(32), crypto.randomBytes(32)]
    const [identity, laptopFeed, phoneFeed, old] = [key(), key(), key(), key()]
    assert.equal(served.learn(laptop, 'inbox', [identity, old]), true)
    assert.equal(served.learn(laptop, 'inbox', [identity, laptopFeed]), true)
    assert.equal(served.learn(laptop, 'inbox', [identity, laptopFeed]), false, 'the same ask changes nothing')
    served.learn(phone, 'dm', [identity, phoneFeed])
    const dm = served.dm
    assert.deepEqual(served.inbox(), [identity, laptopFeed])
    assert.deepEqual(dm, [identity, phoneFeed])
    assert.deepEqual(served.all().sort(), [identity, laptopFeed, phoneFeed].sort())

    const again = new ServedKeys(file)
    assert.deepEqual(again.inbox(), [identity, laptopFeed])
    assert.deepEqual(again.dm, [identity, phoneFeed])
    served.learn(phone, 'dm', [identity])
    assert.equal(served.dm, dm, 'the item store reads the same array')
    assert.deepEqual(dm, [identity])
  })

  it('reads a damaged file as serving nobody, and skips keys that are not keys', () => {
    const file = path.join(tmp.dir, 'damaged.json')
    fs.writeFileSync(file, '{"peers":{"ab":{"inbox":["nope",7],"dm":"x"}}')
    assert.deepEqual(new ServedKeys(file).all(), [])
    fs.writeFileSync(file, JSON.stringify({ peers: { ab: { inbox: ['not a key', 3], dm: 'x' } } }))
    assert.deepEqual(new ServedKeys(file).all(), [])
  })
})
