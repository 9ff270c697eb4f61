// Bringing one's history out (rstatus export, docs/EXPORT.md) and leaving (a tombstone for everything, then
// the feed is no longer announced), between peer processes on a local DHT and through the CLI.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { Engine } from '../../electron/engine/engine.js'
import { LEAVE_CONFIRMATION } from '../../shared/api/account.js'
import type { ExportArchive } from '../../shared/archive.js'
import { isRstatusError } from '../../shared/errors.js'
import { fromBase64, uploadBytes } from '../../shared/upload.js'
import { jpeg } from '../helpers/images.js'
import { useLocalNetwork } from '../helpers/local-network.js'
import type { PeerProcess } from '../helpers/peer.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'
import { rstatus } from './cli-process.js'

describe('export', () => {
  const tmp = tmpDir('rstatus-export-')
  const data = path.join(tmp.dir, 'me')
  const cli = (...args: string[]) => rstatus(['--data', data, ...args])
  after(() => tmp.cleanup())

  it('writes statuses with links and dates, the profile and the follow list, and embeds images with --media', async () => {
    const someone = 'rstatus://' + 'y'.repeat(51) + 'o'
    assert.equal((await cli('profile', '--name', 'Alice', '--bio', 'gardener')).code, 0)
    const kept = (await cli('post', 'first words')).stdout.trim()
    const gone = (await cli('post', 'regrets')).stdout.trim()
    assert.equal((await cli('delete', gone)).code, 0)
    const reply = (await cli('reply', kept, 'answering myself')).stdout.trim()
    assert.equal((await cli('follow', someone)).code, 0)
    assert.equal((await cli('bookmark', kept)).code, 0)
    assert.equal((await cli('list', 'create', 'Garden club')).code, 0)

    const file = path.join(tmp.dir, 'archive.json')
    const result = await cli('export', file)
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout.trim(), `Exported 2 statuses, 0 reposts and 1 follow to ${file}`)
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    const archive = JSON.parse(fs.readFileSync(file, 'utf8')) as ExportArchive
    assert.equal(archive.format, 'rstatus-export')
    assert.equal(archive.version, 1)
    assert.deepEqual(archive.profile, { name: 'Alice', bio: 'gardener' })
    assert.deepEqual(archive.following, [someone.slice('rstatus://'.length)])
    assert.deepEqual(archive.statuses.map((s) => [s.uri, s.text]), [[kept, 'first words'], [reply, 'answering myself']])
    assert.equal(archive.statuses[1]!.replyTo, kept)
    assert.equal(archive.statuses[1]!.root, kept)
    assert.deepEqual(archive.private?.bookmarks.map((b) => b.uri), [kept], 'private data, carried in the clear')
    assert.deepEqual(archive.private?.lists, [{ name: 'Garden club', members: [] }])
    assert.deepEqual(archive.private?.drafts, [])

    // The archive says what the views say.
    const timeline = JSON.parse((await cli('timeline', '--json')).stdout) as Array<{ uri: string; createdAt: number; text: string }>
    assert.deepEqual(
      archive.statuses.map((s) => [s.uri, s.createdAt, s.text]),
      timeline.reverse().map((s) => [s.uri, s.createdAt, s.text])
    )
  })

  it('embeds the bytes of the user’s images with --media', async () => {
    const data = path.join(tmp.dir, 'with-media')
    const engine = new Engine({ dataDir: data })
    await engine.ready()
    try {
      const picture = await jpeg(200, 100)
      const upload = await uploadBytes(engine.api, picture)
      await engine.api.call('post', { text: 'a picture', images: [{ upload, alt: 'noise' }] })
    } finally {
      await engine.close()
    }
    const file = path.join(tmp.dir, 'media-archive.json')
    const result = await rstatus(['--data', data, 'export', file, '--media'])
    assert.equal(result.code, 0, result.stderr)
    const archive = JSON.parse(fs.readFileSync(file, 'utf8')) as ExportArchive
    const [image] = archive.statuses[0]!.attachments!
    assert.ok(image?.data, 'the image is embedded')
    assert.equal(fromBase64(image.data).byteLength, image.blob.byteLength)
    assert.equal(image.alt, 'noise')
    assert.equal(image.blobs, archive.blobs)
  })
})

describe('leave', () => {
  const net = useLocalNetwork()
  let alice: PeerProcess
  let bob: PeerProcess

  it('tombstones everything, tells the follower, and then stops announcing the feed', async () => {
    alice = await net.peer('alice')
    bob = await net.peer('bob')
    await alice.api.call('setProfile', { name: 'Alice' })
    const one = await alice.api.call('post', { text: 'one' })
    await alice.api.call('post', { text: 'two' })
    await alice.api.call('follow', { key: bob.key })
    const bobs = await bob.api.call('post', { text: 'bob here' })
    await alice.api.call('like', { of: bobs.uri })
    await alice.api.call('repost', { of: bobs.uri })
    await alice.api.call('delete', { uri: one.uri })

    await bob.api.call('follow', { key: alice.key })
    await waitFor(async () => (await bob.api.call('profileStatuses', { key: alice.key })).items.length === 1, { what: 'bob has alice’s feed' })
    assert.equal((await bob.api.call('status', { uri: bobs.uri }))?.counts.likes, 1)

    // Before leaving, a newcomer can find alice's feed from alice herself.
    const carol = await net.peer('carol')
    await bob.close()
    assert.equal((await carol.api.call('preview', { key: alice.key, timeout: 10_000 })).reachable, true)
    bob = await net.peer('bob')
    await waitFor(async () => (await bob.api.call('syncState', {})).feeds.some((f) => f.key === alice.key && f.peers > 0), { what: 'bob reconnects' })

    const result = await alice.api.call('leave', { confirm: LEAVE_CONFIRMATION })
    // status "two", the repost, the like and the follow
    assert.equal(result.records, 4)
    assert.equal(result.handedOff, true)
    await waitFor(async () => (await bob.api.call('profileStatuses', { key: alice.key })).items.length === 0, { what: 'the tombstones at bob' })
    // Blocks are indexed as they arrive, in any order: the last one (the profile) may land a moment later.
    const seen = await waitFor(async () => {
      const profile = await bob.api.call('profile', { key: alice.key })
      return profile.left ? profile : null
    }, { what: 'the left profile at bob' })
    assert.equal(seen.left, true)
    assert.equal(seen.name, 'Deleted account')
    assert.equal((await bob.api.call('status', { uri: bobs.uri }))?.counts.likes, 0)
    assert.equal((await bob.api.call('status', { uri: bobs.uri }))?.counts.reposts, 0)

    await assert.rejects(alice.api.call('post', { text: 'still here?' }), (err) => isRstatusError(err) && err.code === 'NOT_ALLOWED')
    assert.equal((await alice.api.call('whoami', {})).profile.left, true)

    // Restarted, alice no longer announces her feed: with bob gone, a newcomer cannot find it.
    await alice.close()
    await bob.close()
    alice = await net.peer('alice')
    await assert.rejects(alice.api.call('post', { text: 'after restart' }), /deleted this account/)
    const dave = await net.peer('dave')
    assert.equal((await dave.api.call('preview', { key: alice.key, timeout: 4_000 })).reachable, false)
    await carol.close()
  })

  it('rstatus leave needs --yes', async () => {
    const tmp = tmpDir('rstatus-leave-')
    try {
      const refused = await rstatus(['--data', tmp.dir, 'leave'])
      assert.equal(refused.code, 2)
      assert.match(refused.stderr, /^rstatus: leave deletes your account for good: .* run rstatus leave --yes\n$/)
      await rstatus(['--data', tmp.dir, 'post', 'hello'])
      const left = await rstatus(['--data', tmp.dir, 'leave', '--yes'], { timeout: 60_000 })
      assert.equal(left.code, 0, left.stderr)
      assert.match(left.stdout, /^Your account is deleted: 1 record written \(tombstones, unlikes, unfollows\), then a final profile\.$/m)
      assert.match(left.stdout, /^No peer was online/m)
      const timeline = JSON.parse((await rstatus(['--data', tmp.dir, 'timeline', '--json'])).stdout) as unknown[]
      assert.deepEqual(timeline, [])
      const post = await rstatus(['--data', tmp.dir, 'post', 'again'])
      assert.equal(post.code, 1)
      assert.match(post.stderr, /deleted this account/)
    } finally {
      tmp.cleanup()
    }
  })
})
