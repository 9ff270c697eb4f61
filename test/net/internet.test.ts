// rstatus on a simulated internet: real `rstatus serve` processes behind NAT routers in network namespaces,
// with the DHT's own NAT detection at work. One lab per run, shared by every scenario; each scenario makes
// the routers and peers it needs. The routers' NAT tables show which path the traffic took.
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { tmpDir, waitFor } from '../helpers/tmp.js'
import { labUnavailable, REQUIRED } from './availability.js'
import { answeredFlows, type Flow } from './conntrack.js'
import type { SyncState } from '../../shared/api/follows.js'
import { Lab, type Router } from './lab.js'
import { LabPeer } from './lab-peer.js'
import { rstatusMirror, stockMirror, type LabMirror } from './lab-mirror.js'
import { startStockRelay, type StockRelay } from './stock-relay.js'
import { jpeg } from '../helpers/images.js'

const unavailable = await labUnavailable()

/** A connection with no packets for this long is over: hyperdht's 5 s keepalive, udx's timeout (~13 s here). */
const OUTAGE_MS = 25_000
/** Generous: the machine is shared, and every check starts a CLI process. */
const ARRIVAL_MS = 90_000

describe('rstatus on a simulated internet', { skip: unavailable !== null && !REQUIRED ? `the NAT lab is skipped: ${unavailable}` : false }, () => {
  let lab: Lab
  const tmp = tmpDir('rstatus-net-')
  const peers: LabPeer[] = []
  const relays: Array<StockRelay | LabMirror> = []

  before(async () => {
    if (unavailable) throw new Error(`RSTATUS_NET_LAB=required, but the NAT lab cannot run: ${unavailable}`)
    lab = await Lab.start()
  })
  after(async () => {
    await Promise.all([...peers, ...relays].map((p) => p.stop().catch(() => {})))
    await lab?.close()
    tmp.cleanup()
  })

  async function peerAt(where: Router | 'internet', name: string, opts: { relays?: string[] } = {}): Promise<LabPeer> {
    const peer = new LabPeer(await lab.host(where), path.join(tmp.dir, name), lab, opts.relays)
    peers.push(peer)
    await peer.start()
    return peer
  }

  /** Waits until `peer`'s timeline holds every one of `uris`. Each look starts a CLI process: once a second is enough. */
  async function sees(peer: LabPeer, uris: string[], what: string, timeout = ARRIVAL_MS): Promise<void> {
    await waitFor(
      async () => {
        const held = new Set((await peer.timeline()).map((s) => s.uri))
        return uris.every((u) => held.has(u))
      },
      { timeout, interval: 1000, what }
    )
  }

  // Two people behind easy NATs who follow each other; later scenarios disturb their connection.
  let pair: Promise<{ a: LabPeer; b: LabPeer; ra: Router; rb: Router; fromA: string[]; fromB: string[] }> | null = null
  function easyPair() {
    pair ??= (async () => {
      const [ra, rb] = [await lab.router('easy'), await lab.router('easy')]
      const [a, b] = await Promise.all([peerAt(ra, 'a'), peerAt(rb, 'b')])
      const fromA = [await a.post('hello from A, behind an easy NAT')]
      const fromB = [await b.post('hello from B, behind another easy NAT')]
      await a.follow(b.key)
      await b.follow(a.key)
      return { a, b, ra, rb, fromA, fromB }
    })()
    return pair
  }

  test('two peers behind easy NATs follow each other, sync, and get new statuses live over a holepunched connection', async () => {
    const { a, b, ra, rb, fromA, fromB } = await easyPair()
    await Promise.all([sees(b, fromA, "A's first status at B"), sees(a, fromB, "B's first status at A")])

    fromA.push(await a.post('live from A'))
    await sees(b, fromA, "A's live status at B")
    fromB.push(await b.post('live from B'))
    await sees(a, fromB, "B's live status at A")

    // Direct: each router passed answered traffic between its host and the other router's WAN address
    const aToB = answeredFlows(await ra.flows(), a.host.address, rb.wan)
    const bToA = answeredFlows(await rb.flows(), b.host.address, ra.wan)
    assert.ok(aToB.length > 0, `${ra.name} carried no answered flow from A to ${rb.wan}`)
    assert.ok(bToA.length > 0, `${rb.name} carried no answered flow from B to ${ra.wan}`)
    assert.ok(packets(aToB) >= 10, `the direct flow carried only ${packets(aToB)} packets`)

    // What the app shows: a direct connection to B's feed, and a peer behind a router that holepunches
    const state = await a.call<SyncState>('syncState', {})
    assert.equal(state.feeds.find((f) => f.key === b.key)?.connection, 'direct')
    assert.equal(state.reach, 'nat')
  })

  test('a peer on the internet and peers behind NATs reach each other, whichever side dials', async () => {
    const { a, ra, fromA } = await easyPair()
    const p = await peerAt('internet', 'public')
    const fromP = [await p.post('hello from a server on the internet')]

    // The public peer follows A, who does not follow it back: the public peer dials into A's NAT
    await p.follow(a.key)
    await sees(p, fromA.slice(0, 1), "A's status at the public peer")
    // B holds A's feed too and may have served it first; the public peer connects to A as well, in its time
    await waitFor(async () => answeredFlows(await ra.flows(), a.host.address, p.host.address).length > 0, {
      timeout: ARRIVAL_MS,
      interval: 1000,
      what: `${ra.name} to carry a flow between A and the public peer`
    })

    // A peer behind a hard NAT follows the public peer, which does not follow it: the home peer dials out
    const rh = await hardRouter()
    const h = await peerAt(rh, 'hard-home')
    await h.follow(p.key)
    await sees(h, fromP, "the public peer's status behind the hard NAT")
    assert.ok(answeredFlows(await rh.flows(), h.host.address, p.host.address).length > 0, `${rh.name} carried no flow between its host and the public peer`)
  })

  test('when the routers forget their NAT mappings, the peers carry on and nothing acknowledged is lost', async () => {
    const { a, b, ra, rb, fromA, fromB } = await easyPair()
    await sees(b, fromA, 'the pair in sync before the flush')
    await Promise.all([ra.flushNat(), rb.flushNat()])
    fromA.push(await a.post('after the routers forgot us'))
    fromB.push(await b.post('after the routers forgot us, from B'))
    await Promise.all([sees(b, fromA, "A's statuses at B after the flush"), sees(a, fromB, "B's statuses at A after the flush")])
  })

  test('after a router is down for longer than a connection lives, the peers reconnect by themselves and nothing acknowledged is lost', async () => {
    const { a, b, ra, rb, fromA } = await easyPair()
    await sees(b, fromA, 'the pair in sync before the outage')
    const before = ports(answeredFlows(await ra.flows(), a.host.address, rb.wan))

    const restore = await ra.loseShare(1)
    try {
      // Acknowledged: each post returned its link, so it is in A's own feed
      fromA.push(await a.post('posted while my router is down'))
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / 2))
      fromA.push(await a.post('still down'))
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / 2))
    } finally {
      await restore()
    }
    // The router comes back with an empty NAT table, as after a restart
    await Promise.all([ra.flushNat(), rb.flushNat()])

    await sees(b, fromA, "every status A posted, at B, after the outage")
    // B may have had them from the public peer, who follows A too; A and B connect again in their own time
    let afterwards: string[] = []
    await waitFor(
      async () => {
        afterwards = ports(answeredFlows(await ra.flows(), a.host.address, rb.wan))
        return afterwards.some((p) => !before.includes(p))
      },
      {
        timeout: ARRIVAL_MS,
        interval: 1000,
        what: `a new direct connection between A and B after the outage (flows before: ${before.join(' ')})`
      }
    )
  })

  test('through 20% packet loss for a while, every acknowledged status arrives', async () => {
    const { a, b, ra, fromA, fromB } = await easyPair()
    await sees(b, fromA, 'the pair in sync before the loss')
    const restore = await ra.loseShare(0.2)
    try {
      for (let i = 1; i <= 5; i++) fromA.push(await a.post(`lossy line ${i} from A`))
      fromB.push(await b.post('lossy line from B'))
      await Promise.all([sees(b, fromA, "A's statuses at B through the loss"), sees(a, fromB, "B's status at A through the loss")])
    } finally {
      await restore()
    }
  })

  let hard: Promise<Router> | null = null
  function hardRouter(): Promise<Router> {
    hard ??= lab.router('hard')
    return hard
  }

  test('two peers behind hard NATs get each other’s statuses through a stock blind-relay on the internet', async () => {
    const relay = await startStockRelay(await lab.host('internet'), lab.bootstrap)
    relays.push(relay)
    const [r1, r2] = [await hardRouter(), await lab.router('hard')]
    const [c, d] = await Promise.all([
      peerAt(r1, 'hard-c', { relays: [relay.key] }),
      peerAt(r2, 'hard-d', { relays: [relay.key] })
    ])
    const fromC = [await c.post('hello from C, behind a hard NAT')]
    const fromD = [await d.post('hello from D, behind another hard NAT')]
    await d.follow(c.key)
    await c.follow(d.key)
    await Promise.all([sees(d, fromC, "C's status at D"), sees(c, fromD, "D's status at C")])
    fromC.push(await c.post('live from C, through the relay'))
    await sees(d, fromC, "C's live status at D")

    // Relayed: both hosts exchanged traffic with the relay's address, and no packet went router to router
    const cToRelay = answeredFlows(await r1.flows(), c.host.address, relay.host.address)
    const dToRelay = answeredFlows(await r2.flows(), d.host.address, relay.host.address)
    assert.ok(packets(cToRelay) >= 10, `${r1.name} carried ${packets(cToRelay)} packets between C and the relay`)
    assert.ok(packets(dToRelay) >= 10, `${r2.name} carried ${packets(dToRelay)} packets between D and the relay`)
    assert.deepEqual(answeredFlows(await r1.flows(), c.host.address, r2.wan), [], 'C reached D directly')
    assert.deepEqual(answeredFlows(await r2.flows(), d.host.address, r1.wan), [], 'D reached C directly')

    // What the app shows: C's feed through a relay, and a peer behind a router that blocks direct connections
    const state = await d.call<SyncState>('syncState', {})
    assert.equal(state.feeds.find((f) => f.key === c.key)?.connection, 'relayed')
    assert.equal(state.reach, 'hard-nat')
  })

  test('two peers behind hard NATs get each other’s statuses through rstatus mirror serve, which relays for the peers it trusts', async () => {
    const [r1, r2] = [await lab.router('hard'), await lab.router('hard')]
    const [he, hf] = [await lab.host(r1), await lab.host(r2)]
    const [de, df] = [path.join(tmp.dir, 'hard-e'), path.join(tmp.dir, 'hard-f')]
    // Their network keys, read before their serves start, so the mirror can trust them
    const peerKeys = await Promise.all(
      [new LabPeer(he, de, lab), new LabPeer(hf, df, lab)].map(async (p) => (JSON.parse(await p.must(['whoami', '--json'])) as { peer: string }).peer)
    )
    const mirror = await rstatusMirror(lab, await lab.host('internet'), path.join(tmp.dir, 'relaying-mirror'), peerKeys)
    relays.push(mirror)
    // The mirror keeps nothing of theirs here: it is only named as a relay, so whatever arrives was relayed
    const [e2, f2] = [new LabPeer(he, de, lab, [mirror.key]), new LabPeer(hf, df, lab, [mirror.key])]
    peers.push(e2, f2)
    await Promise.all([e2.start(), f2.start()])
    const fromE = [await e2.post('hello from E, behind a hard NAT')]
    await f2.follow(e2.key)
    await e2.follow(f2.key)
    await sees(f2, fromE, "E's status at F, through the mirror's relay")

    const eToMirror = answeredFlows(await r1.flows(), he.address, mirror.host.address)
    const fToMirror = answeredFlows(await r2.flows(), hf.address, mirror.host.address)
    assert.ok(packets(eToMirror) >= 10, `${r1.name} carried ${packets(eToMirror)} packets between E and the mirror`)
    assert.ok(packets(fToMirror) >= 10, `${r2.name} carried ${packets(fToMirror)} packets between F and the mirror`)
    assert.deepEqual(answeredFlows(await r2.flows(), hf.address, r1.wan), [], 'F reached E directly')
  })

  test(
    'a peer behind a hard NAT with a mirror that relays goes through it on its own, without --relay',
    async () => {
    const [r1, r2] = [await lab.router('hard'), await lab.router('hard')]
    const [g, h] = await Promise.all([peerAt(r1, 'hard-g'), peerAt(r2, 'hard-h')])
    const { peer } = JSON.parse(await g.must(['whoami', '--json'])) as { peer: string }
    const mirror = await rstatusMirror(lab, await lab.host('internet'), path.join(tmp.dir, 'g-mirror'), [peer])
    relays.push(mirror)
    // Only G has the mirror; H has none and names no relay. One side naming a relay is enough.
    await g.must(['mirror', 'add', mirror.key])
    const fromH = [await h.post('hello from H, who has no mirror')]
    await g.follow(h.key)
    await sees(g, fromH, "H's status at G, through G's mirror as a relay")

    const state = await g.call<SyncState>('syncState', {})
    assert.equal(state.feeds.find((f) => f.key === h.key)?.connection, 'relayed')
    assert.ok(packets(answeredFlows(await r2.flows(), h.host.address, mirror.host.address)) >= 10, `${r2.name} carried no traffic between H and the mirror`)
    assert.deepEqual(answeredFlows(await r1.flows(), g.host.address, r2.wan), [], 'G reached H directly')
    }
  )

  /** A new follower's copy of an image: the bytes, fetched through its own serve from whoever holds them. */
  async function imageAt(peer: LabPeer, author: string, uri: string): Promise<Buffer> {
    const item = (await peer.timeline()).find((s) => s.uri === uri)
    const image = item?.attachments?.[0]
    assert.ok(image, `${uri} has no image at ${peer.host.name}`)
    const { data } = await peer.call<{ data: string }>('blob', { feed: author, blobs: image.blobs, blob: image.blob, timeout: 60_000 })
    return Buffer.from(data, 'base64')
  }

  /** An author who posts statuses and an image, syncs them to `mirror`, and goes offline. */
  async function authorWithMirror(name: string, mirror: (peerKey: string) => Promise<LabMirror>) {
    const author = await peerAt(await lab.router('easy'), name)
    const { peer } = JSON.parse(await author.must(['whoami', '--json'])) as { peer: string }
    const m = await mirror(peer)
    relays.push(m)
    await author.must(['mirror', 'add', m.key])
    const posted = [await author.post(`${name}: a status for the mirror`)]
    const image = await jpeg(320, 240, { seed: 12 })
    posted.push(await author.postImage(`${name}: a picture for the mirror`, image))
    await author.must(['mirror', 'sync', '--timeout', '60'])
    assert.equal(await author.stop(), 0)
    return { author, posted, imageUri: posted[1]!, mirror: m }
  }

  test('an author offline, and no follower online: a new follower gets the feed and the image from a mirror, and later statuses through it too', async () => {
    const { author, posted, imageUri, mirror } = await authorWithMirror('mirrored', async (peerKey) =>
      rstatusMirror(lab, await lab.host('internet'), path.join(tmp.dir, 'mirror'), [peerKey])
    )
    // The follower knows only the author's key; the author's serve is stopped, so only the mirror has the feed
    const follower = await peerAt(await lab.router('hard'), 'follower')
    await follower.follow(author.key)
    await sees(follower, posted, 'the feed at a new follower, from the mirror')
    assert.ok((await imageAt(follower, author.key, imageUri)).length > 1000, 'the image came through')
    await follower.stop()

    // The author comes back, posts, syncs to the mirror, and leaves again before the follower is back. While
    // online, its serve tells the mirror which keys it reads replies and sealed items for.
    await author.start()
    posted.push(await author.post('mirrored: back for a moment'))
    await author.must(['mirror', 'sync', '--timeout', '60'])
    await waitFor(() => /the inbox of [1-9]\d* keys?, sealed items for [1-9]/.test(mirror.log()), {
      timeout: ARRIVAL_MS,
      interval: 250,
      what: "the author's keys at its mirror"
    })
    await author.stop()
    await follower.start()
    await sees(follower, posted, 'the later status at the follower, from the mirror')
    awayAuthor = { author, mirror, follower, posted }
  })

  let awayAuthor: { author: LabPeer; mirror: LabMirror; follower: LabPeer; posted: string[] } | null = null

  test("a reply and a message to an author who is away reach them through the mirrors, after the replier has left too", async () => {
    assert.ok(awayAuthor, 'the scenario before this one left an author away, with a mirror and a follower')
    const { author, mirror, follower: replier, posted } = awayAuthor
    // The replier, behind a hard NAT, has its own mirror: it keeps the replier's feed and conversation cores
    const { peer } = JSON.parse(await replier.must(['whoami', '--json'])) as { peer: string }
    const replierMirror = await rstatusMirror(lab, await lab.host('internet'), path.join(tmp.dir, 'replier-mirror'), [peer])
    relays.push(replierMirror)
    await replier.must(['mirror', 'add', replierMirror.key])
    const reply = (await replier.must(['reply', posted[0]!, 'a reply while you are away'])).trim()
    await replier.must(['dm', 'send', author.key, 'a message while you are away'])
    await replier.must(['mirror', 'sync', '--timeout', '60'])
    // The author's mirror takes the reply's link and the message's sealed invitation from the replier
    await waitFor(() => /kept \d+ links? to replies/.test(mirror.log()) && /kept \d+ sealed items?/.test(mirror.log()), {
      timeout: ARRIVAL_MS,
      interval: 250,
      what: "the reply's link and the message's invitation at the author's mirror"
    })
    assert.equal(await replier.stop(), 0)

    await author.start()
    await waitFor(async () => (await author.call<{ items: Array<{ uri: string }> }>('requests', {})).items.some((s) => s.uri === reply), {
      timeout: ARRIVAL_MS,
      interval: 1000,
      what: 'the reply among the author’s requests'
    })
    await waitFor(async () => (JSON.parse(await author.must(['dm', 'requests', '--json'])) as Array<{ text: string }>).some((m) => m.text === 'a message while you are away'), {
      timeout: ARRIVAL_MS,
      interval: 1000,
      what: 'the message among the author’s message requests'
    })
  })

  test('a mirror that is the stock blind-peer library alone keeps an rstatus feed and its image for a new follower', async () => {
    const { author, posted, imageUri } = await authorWithMirror('stock-mirrored', async (peerKey) =>
      stockMirror(lab, await lab.host('internet'), path.join(tmp.dir, 'stock-mirror'), [peerKey])
    )
    const follower = await peerAt(await lab.router('easy'), 'stock-follower')
    await follower.follow(author.key)
    await sees(follower, posted, 'the feed at a new follower, from the stock mirror')
    assert.ok((await imageAt(follower, author.key, imageUri)).length > 1000, 'the image came through')
  })
})

function packets(flows: Flow[]): number {
  return flows.reduce((n, f) => n + Math.min(f.original.packets, f.reply.packets), 0)
}

/** A flow's ports as seen from outside: the router's mapped port and the remote port. */
function ports(flows: Flow[]): string[] {
  return flows.map((f) => `${f.reply.dport}>${f.original.dport}`)
}
