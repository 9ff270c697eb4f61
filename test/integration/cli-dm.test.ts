// Private conversations from the CLI, every peer its own `rstatus serve` process on a local DHT, each command
// going through its serve: a first message from a stranger lands in requests; accepted, it becomes a
// conversation both sides read and answer; a group of three hears each other; a device paired later and an
// identity restored from its backup read what was said. An unknown conversation or request is bad input:
// one line, exit code 2.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'
import { oneLine, rstatus, startInvite, startServe, type ServeProcess } from './cli-process.js'
import { startMirrorServe } from './mirror-process.js'

interface Message {
  id: string
  from: string
  text: string
  createdAt: number
}
interface Conversation {
  id: string
  members: string[]
  unread: number
  last: Message | null
}

const NETWORK_WAIT = { timeout: 90_000, interval: 500 }

describe('rstatus dm, between peers in their own processes', () => {
  const tmp = tmpDir('rstatus-cli-dm-')
  let testnet: LocalTestnet
  let net: string[]
  const serves: ServeProcess[] = []
  const data = (name: string) => path.join(tmp.dir, name)
  const keys: Record<string, string> = {}
  const conversations: Record<string, string> = {}
  const serveOf: Record<string, ServeProcess> = {}

  const dm = async (who: string, args: string[], input?: string) => {
    const r = await rstatus(['--data', data(who), ...net, 'dm', ...args], input === undefined ? {} : { input })
    assert.equal(r.code, 0, `${who} dm ${args.join(' ')}: ${r.stderr}`)
    return r.stdout
  }
  const json = async <T>(who: string, args: string[]): Promise<T> => JSON.parse(await dm(who, [...args, '--json'])) as T

  before(async () => {
    testnet = await startTestnet()
    net = ['--bootstrap', testnet.bootstrap, '--host', '127.0.0.1']
    for (const name of ['alice', 'bob', 'carol']) {
      const r = await rstatus(['--data', data(name), 'profile', '--name', name])
      assert.equal(r.code, 0, r.stderr)
      keys[name] = JSON.parse((await rstatus(['--data', data(name), 'whoami', '--json'])).stdout).key
    }
    for (const name of ['alice', 'bob', 'carol']) serves.push((serveOf[name] = await startServe(['--data', data(name), ...net], { serveArgs: ['--no-ui'] })))
    // Alice follows both, so she holds their published keys; neither follows her back.
    for (const name of ['bob', 'carol']) assert.equal((await rstatus(['--data', data('alice'), 'follow', keys[name]!])).code, 0)
    const sync = await rstatus(['--data', data('alice'), 'sync', '--timeout', '60'], { timeout: 90_000 })
    assert.equal(sync.code, 0, sync.stderr)
  })
  after(async () => {
    await Promise.all(serves.map((s) => s.stop()))
    await testnet.close()
    tmp.cleanup()
  })

  test('a first message is a request; accepted, both sides read and answer it', async () => {
    const id = (await dm('alice', ['send', keys.bob!, '-'], 'hello bob\n')).trim()
    assert.match(id, /^[a-z0-9]{26}$/)
    conversations.pair = id

    const requests = await waitFor(async () => {
      const r = await json<Message[]>('bob', ['requests'])
      return r.length > 0 && r
    }, { ...NETWORK_WAIT, what: "Alice's message in Bob's requests" })
    assert.deepEqual(Object.keys(requests[0]!).sort(), ['createdAt', 'from', 'id', 'text'])
    assert.equal(requests[0]!.id, id)
    assert.equal(requests[0]!.from, keys.alice)
    assert.equal(requests[0]!.text, 'hello bob')
    assert.deepEqual(await json<Conversation[]>('bob', ['list']), [], 'a request is not a conversation yet')

    assert.equal((await dm('bob', ['accept', id])).trim(), `accepted ${id}`)
    const [conv] = await json<Conversation[]>('bob', ['list'])
    assert.equal(conv!.id, id)
    assert.deepEqual(conv!.members, [keys.alice, keys.bob].sort())
    assert.equal(conv!.unread, 1)
    assert.equal(conv!.last!.text, 'hello bob')
    assert.deepEqual(Object.keys(conv!).sort(), ['id', 'last', 'members', 'unread'])

    const read = await json<Message[]>('bob', ['read', keys.alice!])
    assert.deepEqual(read.map((m) => [m.from, m.text]), [[keys.alice, 'hello bob']])
    assert.deepEqual(Object.keys(read[0]!).sort(), ['createdAt', 'from', 'id', 'text'])
    assert.equal((await json<Conversation[]>('bob', ['list']))[0]!.unread, 0, 'reading marks read')

    assert.equal((await dm('bob', ['send', id, 'hi alice'])).trim(), id)
    const answered = await waitFor(async () => {
      const m = await json<Message[]>('alice', ['read', id])
      return m.length === 2 && m
    }, { ...NETWORK_WAIT, what: "Bob's answer at Alice's" })
    assert.deepEqual(answered.map((m) => [m.from, m.text]), [[keys.alice, 'hello bob'], [keys.bob, 'hi alice']])
    assert.deepEqual((await json<Message[]>('alice', ['read', id, '--limit', '1'])).map((m) => m.text), ['hi alice'])
  })

  test('a group of three: each member reads what the others say', async () => {
    const id = (await dm('alice', ['send', `${keys.bob},${keys.carol}`, '-'], 'hello both')).trim()
    conversations.group = id
    for (const who of ['bob', 'carol']) {
      await waitFor(async () => (await json<Message[]>(who, ['requests'])).some((r) => r.id === id), { ...NETWORK_WAIT, what: `the group at ${who}'s` })
      await dm(who, ['accept', id])
    }
    await dm('carol', ['send', id, '-'], 'carol here')
    for (const who of ['alice', 'bob']) {
      const seen = await waitFor(async () => {
        const m = await json<Message[]>(who, ['read', id])
        return m.some((x) => x.text === 'carol here') && m
      }, { ...NETWORK_WAIT, what: `Carol's message at ${who}'s` })
      assert.deepEqual(seen.map((m) => [m.from, m.text]), [[keys.alice, 'hello both'], [keys.carol, 'carol here']])
    }
    const [group] = (await json<Conversation[]>('carol', ['list'])).filter((c) => c.id === id)
    assert.deepEqual(group!.members, [keys.alice, keys.bob, keys.carol].sort())
  })

  test("a device paired later reads its identity's conversation", async () => {
    const invite = await startInvite(['--data', data('bob'), ...net], 120)
    const joined = await rstatus(['--data', data('bob-phone'), ...net, 'device', 'join', invite.code], { timeout: 120_000 })
    assert.equal(joined.code, 0, joined.stderr)
    assert.equal((await invite.done).code, 0)
    serves.push(await startServe(['--data', data('bob-phone'), ...net], { serveArgs: ['--no-ui'] }))
    const read = await waitFor(async () => {
      const r = await rstatus(['--data', data('bob-phone'), 'dm', 'read', conversations.pair!, '--json'])
      const m = r.code === 0 ? (JSON.parse(r.stdout) as Message[]) : []
      return m.length === 2 && m
    }, { ...NETWORK_WAIT, what: 'the conversation on the new device' })
    assert.deepEqual(read.map((m) => [m.from, m.text]), [[keys.alice, 'hello bob'], [keys.bob, 'hi alice']])
    // Bob answered it from his first device: on the phone too it is a conversation, not a request. (The group,
    // accepted there without an answer, may show here as a request: accepting is kept per device.)
    assert.ok((await json<Conversation[]>('bob-phone', ['list'])).some((c) => c.id === conversations.pair))
    assert.ok(!(await json<Message[]>('bob-phone', ['requests'])).some((r) => r.id === conversations.pair))

    // Removing it replaces the messaging key it holds, and the conversation goes on under the new one.
    const phone = JSON.parse((await rstatus(['--data', data('bob-phone'), 'device', 'list', '--json'])).stdout).device as string
    assert.equal((await rstatus(['--data', data('bob'), 'device', 'remove', phone])).code, 0)
    const generations = (who: string) =>
      (JSON.parse(fs.readFileSync(path.join(data(who), 'messaging-keys.json'), 'utf8')) as { seeds: Array<{ generation: number }> }).seeds.map((g) => g.generation)
    assert.deepEqual(generations('bob'), [1], 'a new generation, kept beside the one the primary key derives')
    await dm('bob', ['send', conversations.pair!, 'after the phone left'])
    await waitFor(async () => (await json<Message[]>('alice', ['read', conversations.pair!])).some((m) => m.text === 'after the phone left'), { ...NETWORK_WAIT, what: "Bob's message under the new key at Alice's" })
    // The phone, which has seen its removal, holds only the key it was paired with, and reads nothing new.
    await waitFor(async () => {
      const listed = JSON.parse((await rstatus(['--data', data('bob-phone'), 'device', 'list', '--json'])).stdout) as { devices: Array<{ thisDevice: boolean; state: string }> }
      return listed.devices.find((d) => d.thisDevice)?.state === 'removed'
    }, { ...NETWORK_WAIT, what: 'the phone seeing its removal' })
    assert.deepEqual(generations('bob-phone'), [0])
    const atPhone = (await json<Message[]>('bob-phone', ['read', conversations.pair!])).map((m) => m.text)
    assert.ok(!atPhone.includes('after the phone left'), atPhone.join(' | '))
  })

  test('an identity restored from its backup reads its conversations', async () => {
    await serveOf.carol!.stop()
    const file = path.join(tmp.dir, 'carol-backup.json')
    const exported = await rstatus(['--data', data('carol'), 'identity', 'export', file])
    assert.equal(exported.code, 0, exported.stderr)
    const imported = await rstatus(['--data', data('carol-restored'), 'identity', 'import', file])
    assert.equal(imported.code, 0, imported.stderr)
    serves.push(await startServe(['--data', data('carol-restored'), ...net], { serveArgs: ['--no-ui'] }))
    const read = await waitFor(async () => {
      const r = await rstatus(['--data', data('carol-restored'), 'dm', 'read', conversations.group!, '--json'])
      const m = r.code === 0 ? (JSON.parse(r.stdout) as Message[]) : []
      return m.length === 2 && m
    }, { ...NETWORK_WAIT, what: 'the group on the restored identity' })
    assert.deepEqual(read.map((m) => [m.from, m.text]), [[keys.alice, 'hello both'], [keys.carol, 'carol here']])
  })

  test('a message to someone offline waits, and arrives when they come back', async () => {
    await serveOf.bob!.stop()
    await dm('alice', ['send', conversations.pair!, 'while you were away'])
    serves.push((serveOf.bob = await startServe(['--data', data('bob'), ...net], { serveArgs: ['--no-ui'] })))
    await waitFor(async () => (await json<Message[]>('bob', ['read', conversations.pair!])).some((m) => m.text === 'while you were away'), {
      ...NETWORK_WAIT,
      what: 'the queued message at Bob'
    })
  })

  test('a follower who replicates every feed of the members holds none of what they said', async () => {
    for (const name of ['alice', 'bob']) assert.equal((await rstatus(['--data', data('dave'), 'follow', keys[name]!])).code, 0)
    const sync = await rstatus(['--data', data('dave'), ...net, 'sync', '--timeout', '60'], { timeout: 90_000 })
    assert.equal(sync.code, 0, sync.stderr)
    const texts = ['hello bob', 'hi alice', 'hello both', 'carol here', 'while you were away']
    const files = fs.readdirSync(data('dave'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile())
    assert.ok(files.length > 5, 'the follower holds the feeds')
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(f.parentPath, f.name))
      for (const text of texts) assert.equal(bytes.indexOf(text), -1, `"${text}" in ${f.name}`)
    }
    // The published keys did reach the follower: it could write to them.
    const held = fs.readdirSync(data('dave'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => fs.readFileSync(path.join(f.parentPath, f.name)))
    assert.ok(held.some((b) => b.indexOf('messaging-key') !== -1), 'the members\' messaging keys are public')
  })

  test("through the sender's mirror, a message reaches a member while every device of the sender is away", async () => {
    const alice = JSON.parse((await rstatus(['--data', data('alice'), 'whoami', '--json'])).stdout) as { peer: string }
    const mirror = await startMirrorServe(['--data', data('alice-mirror'), ...net, 'mirror', 'serve', '--trust', alice.peer])
    try {
      assert.equal((await rstatus(['--data', data('alice'), 'mirror', 'add', mirror.key])).code, 0)
      await serveOf.bob!.stop()
      await dm('alice', ['send', conversations.pair!, 'kept by my mirror'])
      // The mirror holds every core Alice keeps there, her conversation core included, before she goes.
      await waitFor(async () => {
        const [m] = JSON.parse((await rstatus(['--data', data('alice'), 'mirror', 'list', '--json'])).stdout) as Array<{ behind: number; reachable: boolean }>
        return m?.reachable && m.behind === 0
      }, { ...NETWORK_WAIT, what: "the mirror holding Alice's cores" })
      await serveOf.alice!.stop()
      serves.push((serveOf.bob = await startServe(['--data', data('bob'), ...net], { serveArgs: ['--no-ui'] })))
      await waitFor(async () => (await json<Message[]>('bob', ['read', conversations.pair!])).some((m) => m.text === 'kept by my mirror'), {
        ...NETWORK_WAIT,
        what: 'the message from the mirror at Bob'
      })
    } finally {
      await mirror.stop()
    }
  })

  test('an unknown conversation or request is bad input: one line, exit code 2', async () => {
    const unknown = 'ybndrfg8ejkmcpqxot1uwisza3'
    for (const args of [['read', unknown], ['accept', unknown], ['decline', unknown], ['send', unknown, 'hi'], ['read', 'not-a-key']]) {
      const r = await rstatus(['--data', data('alice'), 'dm', ...args])
      assert.equal(r.code, 2, `dm ${args.join(' ')}: ${r.stderr}`)
      assert.match(oneLine(r), /^rstatus: /)
    }
  })
})
