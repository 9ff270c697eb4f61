// The views must not depend on how blocks arrive: indexing twice, out of order (a preview of the newest blocks,
// single referenced statuses), or feed by feed in any order must end in the same answers as a plain in-order run.
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import { FakeFeed, NOW, openHarness, snapshot, type Harness } from './fixtures.js'

interface World {
  me: FakeFeed
  feeds: FakeFeed[]
  words: string[]
}

/** Three feeds that exercise every record type and most of their interactions. */
function buildWorld(): World {
  const me = new FakeFeed()
  const alice = new FakeFeed()
  const bob = new FakeFeed()
  const mention = (f: FakeFeed, name: string) => [{ key: f.key, name }]

  me.profile('Me')
  me.follow(alice.key)
  const m1 = me.status('hello #rstatus world')
  alice.profile('Alice', 'first bio')
  const a1 = alice.status('alice says hi to @Me #rstatus', { mentions: mention(me, 'Me') })
  const b1 = bob.status('bob posts a root #topic')
  const a2 = alice.reply(b1, 'alice replies to bob')
  const b2 = bob.reply(a2, 'bob answers alice', b1)
  const a3 = alice.reply(m1, 'alice replies to me')
  alice.repost(b1)
  bob.repost(m1)
  const bobRepostOfA1 = bob.repost(a1)
  alice.like(m1)
  bob.like(m1)
  bob.unlike(m1)
  me.like(a1)
  me.repost(b2)
  alice.profile('Alice A.', 'second bio')
  bob.profile('Bob')
  alice.follow(me.key)
  bob.follow(me.key)
  bob.unfollow(me.key)
  me.follow(bob.key)
  const doomed = alice.status('alice deletes this #topic')
  alice.delete(doomed)
  bob.delete(bobRepostOfA1)
  alice.like(b2)
  alice.unlike(b2)
  alice.like(b2)
  me.unfollow(alice.key)
  me.follow(alice.key)
  me.delete(m1)
  alice.appendRaw('{"type":"status","text":""}') // invalid: empty text
  alice.appendRaw('{"type":"poll","question":"?"}') // unknown type: skipped silently
  bob.delete(a3) // invalid: not bob's status
  bob.like(a2)
  bob.unlike(a2)
  me.unlike(a1)
  me.like(a1)
  alice.unlike(b1)
  alice.like(b1)
  bob.status('last words from bob')

  // The post's newer records: each may arrive before what it points at, and must end the same.
  const { uri: pollUri, endsAt } = alice.poll('tea or coffee?', ['tea', 'coffee'])
  bob.append({ type: 'vote', of: pollUri, choice: 1 })
  bob.append({ type: 'vote', of: pollUri, choice: 2 }) // changed their mind: the later vote counts
  me.append({ type: 'vote', of: pollUri, choice: 1 })
  me.append({ type: 'vote', of: pollUri, choice: 2, createdAt: endsAt + 1 }) // after the end: does not count
  alice.append({ type: 'vote', of: pollUri, choice: 4 }) // a choice the poll lacks: counts for nothing
  const warned = bob.append({ type: 'status', text: 'the ending of the film', cw: 'spoilers', sensitive: true })
  const quoting = me.append({ type: 'status', text: 'quoting bob #rstatus', quote: warned })
  me.append({ type: 'status', text: 'quoting a deleted status', quote: doomed })
  alice.append({ type: 'status', text: 'alice quotes me', quote: quoting })
  bob.append({ type: 'edit', of: warned, text: 'the ending, edited once', cw: 'spoilers!' })
  bob.append({ type: 'edit', of: warned, text: 'the ending, edited twice' })
  alice.append({ type: 'edit', of: warned, text: 'alice cannot edit bob' }) // invalid
  bob.append({ type: 'pin', of: warned })
  bob.append({ type: 'pin', of: b1 })
  bob.append({ type: 'unpin', of: b1 })
  bob.append({ type: 'profile', name: 'Bob', quotable: false })
  alice.append({ type: 'status', text: 'alice quotes bob again', quote: b1 })
  return { me, feeds: [me, alice, bob], words: ['rstatus', 'topic', 'alice', 'bob', 'hi', 'ending'] }
}

/** A random world from a seed: statuses, replies, mentions, reposts, likes, deletes, follows, profiles, junk. */
function randomWorld(seed: number): World {
  const rand = prng(seed)
  const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(rand() * xs.length)]
  const feeds = [new FakeFeed(), new FakeFeed(), new FakeFeed()]
  const statuses: string[] = []
  const own = new Map<FakeFeed, string[]>(feeds.map((f) => [f, []]))
  const words = ['cat', 'dog', 'fish']
  for (let i = 0; i < 90; i++) {
    const f = pick(feeds)!
    const x = rand()
    if (x < 0.3 || statuses.length === 0) {
      const parent = rand() < 0.4 ? pick(statuses) : undefined
      const mentions = rand() < 0.3 ? [{ key: pick(feeds)!.key, name: 'someone' }] : undefined
      const uri = f.status(`${pick(words)} ${pick(words)} #${pick(words)} ${i}`, {
        ...(parent ? { replyTo: parent, root: parent } : {}),
        ...(mentions ? { mentions } : {})
      })
      statuses.push(uri)
      own.get(f)!.push(uri)
    } else if (x < 0.4) own.get(f)!.push(f.repost(pick(statuses)!))
    else if (x < 0.5) f.like(pick(statuses)!)
    else if (x < 0.58) f.unlike(pick(statuses)!)
    else if (x < 0.66) {
      const mine = pick(own.get(f)!)
      if (mine) f.delete(mine)
    } else if (x < 0.76) f.follow(pick(feeds)!.key)
    else if (x < 0.84) f.unfollow(pick(feeds)!.key)
    else if (x < 0.9) f.profile(`name${i}`, 'bio')
    else if (x < 0.93) f.appendRaw('{"type":"not-yet-invented"}')
    else if (x < 0.95) f.appendRaw('garbage')
    else f.delete(pick(statuses)!) // often someone else's: invalid
  }
  return { me: feeds[0]!, feeds, words }
}

async function inOrder(world: World): Promise<Harness> {
  const h = await openHarness(world.me)
  for (const f of world.feeds) await h.sync(f)
  return h
}

/** A small deterministic PRNG, so a failing order can be reproduced from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function shuffled<T>(items: T[], seed: number): T[] {
  const rand = prng(seed)
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('Views: convergence', () => {
  const open: Harness[] = []
  afterEach(async () => {
    for (const h of open.splice(0)) await h.cleanup()
  })

  /** What the views answer for `world` indexed in order: the answers every other order must give. */
  async function referenceAnswers(world: World): Promise<unknown> {
    const reference = await inOrder(world)
    open.push(reference)
    return snapshot(reference.views, world.feeds, world.words)
  }

  it('gives the same answers when every block is indexed twice', async () => {
    const world = buildWorld()
    const once = await inOrder(world)
    const twice = await inOrder(world)
    open.push(once, twice)
    for (const f of world.feeds) {
      const again = await twice.views.index(f.key, 0, f.blocks, { advance: true })
      assert.equal(again.added + again.removed + again.invalid, 0)
      assert.equal(again.changed, false)
    }
    assert.deepEqual(await snapshot(twice.views, world.feeds, world.words), await snapshot(once.views, world.feeds, world.words))
  })

  it('gives the same answers for any order of single out-of-order blocks, then the in-order catch-up', async () => {
    const world = buildWorld()
    const expected = await referenceAnswers(world)
    const everyBlock = world.feeds.flatMap((f) => f.blocks.map((_, seq) => ({ f, seq })))

    for (const seed of [1, 2, 3, 4]) {
      const h = await openHarness(world.me)
      open.push(h)
      // Half the blocks arrive early and out of order (as previews and referenced statuses would).
      const early = shuffled(everyBlock, seed).slice(0, Math.ceil(everyBlock.length / 2))
      for (const { f, seq } of early) await h.views.index(f.key, seq, [f.blocks[seq]!], { advance: false, now: NOW })
      for (const f of shuffled(world.feeds, seed)) await h.sync(f)
      assert.deepEqual(await snapshot(h.views, world.feeds, world.words), expected, `seed ${seed}`)
    }
  })

  it('gives the same answers when scattered batches are indexed ahead, then the length advanced over them', async () => {
    const world = buildWorld()
    const expected = await referenceAnswers(world)
    for (const seed of [21, 22, 23]) {
      const h = await openHarness(world.me)
      open.push(h)
      // As a first sync downloads: every block in some random batch, each batch in seq order (Indexer.outOfOrder).
      for (const f of world.feeds) {
        const seqs = shuffled(f.blocks.map((_, seq) => seq), seed)
        for (let i = 0; i < seqs.length; i += 5) {
          const batch = seqs.slice(i, i + 5).sort((a, b) => a - b)
          await h.views.indexHeld(f.key, batch, batch.map((seq) => f.blocks[seq]!), { now: NOW })
        }
        assert.equal(await h.views.indexedLength(f.key), 0, 'indexHeld leaves the length alone')
        assert.equal(await h.views.advance(f.key, f.length), f.length)
        assert.equal(await h.views.indexedLength(f.key), f.length)
      }
      assert.deepEqual(await snapshot(h.views, world.feeds, world.words), expected, `seed ${seed}`)
    }
  })

  it('advances the length only over blocks that were indexed, stopping at the first gap', async () => {
    const world = buildWorld()
    const h = await openHarness(world.me)
    open.push(h)
    const alice = world.feeds[1]!
    const ahead = [0, 1, 2, 4, 5]
    await h.views.indexHeld(alice.key, ahead, ahead.map((seq) => alice.blocks[seq]!), { now: NOW })
    assert.equal(await h.views.advance(alice.key, alice.length), 3, 'block 3 was never indexed')
    assert.equal(await h.views.indexedLength(alice.key), 3)
    assert.equal(await h.views.advance(alice.key, 2), 3, 'never moves back')
    await h.views.index(alice.key, 3, [alice.blocks[3]!], { now: NOW })
    assert.equal(await h.views.advance(alice.key, alice.length), 6)
    await assert.rejects(h.views.indexHeld(alice.key, [7, 8], [alice.blocks[7]!]), /one safe, non-negative seq per block/)
  })

  it('gives the same answers for feeds indexed in any order, tail first', async () => {
    const world = buildWorld()
    const expected = await referenceAnswers(world)
    for (const seed of [5, 6, 7]) {
      const h = await openHarness(world.me)
      open.push(h)
      for (const f of shuffled(world.feeds, seed)) {
        const tail = Math.floor(f.length / 2)
        await h.views.index(f.key, tail, f.blocks.slice(tail), { advance: false, now: NOW })
      }
      for (const f of shuffled(world.feeds, seed + 100)) await h.sync(f)
      assert.deepEqual(await snapshot(h.views, world.feeds, world.words), expected, `seed ${seed}`)
    }
  })

  it('gives the same answers for random worlds in random orders, and after a feed is removed and re-indexed', async () => {
    for (const worldSeed of [11, 12, 13]) {
      const world = randomWorld(worldSeed)
      const reference = await inOrder(world)
      open.push(reference)
      const expected = await snapshot(reference.views, world.feeds, world.words)
      for (const seed of [1, 2]) {
        const h = await openHarness(world.me)
        open.push(h)
        const everyBlock = world.feeds.flatMap((f) => f.blocks.map((_, seq) => ({ f, seq })))
        const early = shuffled(everyBlock, seed * 1000 + worldSeed).slice(0, Math.ceil(everyBlock.length * 0.6))
        for (const { f, seq } of early) await h.views.index(f.key, seq, [f.blocks[seq]!], { advance: false, now: NOW })
        for (const f of shuffled(world.feeds, seed)) await h.sync(f)
        assert.deepEqual(await snapshot(h.views, world.feeds, world.words), expected, `world ${worldSeed}, order ${seed}`)
      }
      for (const f of world.feeds.slice(1)) {
        await reference.views.removeFeed(f.key)
        await reference.sync(f)
      }
      assert.deepEqual(await snapshot(reference.views, world.feeds, world.words), expected, `world ${worldSeed} after removeFeed`)
    }
  })
})
