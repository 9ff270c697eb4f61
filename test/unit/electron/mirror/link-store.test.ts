import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { statusUri } from '../../../../shared/keys.js'
import { LinkStore, MIRROR_LINK_DAYS, MIRROR_LINKS_PER_FEED_PER_HOUR, MIRROR_MAX_LINKS } from '../../../../electron/mirror/link-store.js'
import { tmpDir } from '../../../helpers/tmp.js'

const key = () => ids.encode(crypto.randomBytes(32))

describe('LinkStore: the links a mirror keeps for the people it serves', () => {
  const tmp = tmpDir('rstatus-link-store-')
  after(() => tmp.cleanup())
  let n = 0
  const file = () => path.join(tmp.dir, `links-${n++}.json`)

  it('keeps canonical status links once, newest first, and refuses anything else', () => {
    const store = new LinkStore(file())
    const feed = key()
    const [a, b] = [statusUri(feed, 1), statusUri(feed, 2)]
    assert.deepEqual(store.add([a, 'not a link', `rstatus://${feed}/0`, a]), [a])
    assert.deepEqual(store.add([b, a]), [b])
    assert.deepEqual(store.held(), [b, a])
    assert.equal(store.refused, 3, "a string that is no link, a link to block 0, a link repeated in one message")
  })

  it('takes at most 20 links from one feed in an hour, and more from another', () => {
    let now = 1_000_000
    const store = new LinkStore(file(), () => now)
    const [noisy, other] = [key(), key()]
    const many = Array.from({ length: MIRROR_LINKS_PER_FEED_PER_HOUR + 5 }, (_, i) => statusUri(noisy, i + 1))
    assert.equal(store.add(many).length, MIRROR_LINKS_PER_FEED_PER_HOUR)
    assert.equal(store.add([statusUri(other, 1)]).length, 1)
    now += 60 * 60 * 1000
    assert.equal(store.add([statusUri(noisy, 100)]).length, 1, 'the next hour has a new budget')
  })

  it('keeps at most 500 links, the oldest going first, each for 30 days, across a restart', () => {
    let now = 1_000_000
    const f = file()
    const store = new LinkStore(f, () => now)
    for (let i = 0; i < MIRROR_MAX_LINKS + 10; i++) store.add([statusUri(key(), 1)])
    const held = store.held()
    assert.equal(held.length, MIRROR_MAX_LINKS)
    assert.deepEqual(new LinkStore(f, () => now).held(), held, 'read back from its file')
    now += MIRROR_LINK_DAYS * 86_400_000
    assert.deepEqual(new LinkStore(f, () => now).held(), [])
  })
})
