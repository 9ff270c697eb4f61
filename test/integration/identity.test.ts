// Backing up an identity and restoring it on a new machine: the restored peer fetches its feed back from a
// follower before it may post, so an old backup continues the feed instead of forking it.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { describe, it } from 'node:test'
import { Engine } from '../../electron/engine/engine.js'
import { readBackupFile, restoreIdentity, writeBackupFile } from '../../electron/engine/account/identity-backup.js'
import { useLocalNetwork } from '../helpers/local-network.js'
import { waitFor } from '../helpers/tmp.js'

describe('identity backup and restore', () => {
  const net = useLocalNetwork()

  it('writes a private backup file that restores the same key', async () => {
    const original = new Engine({ dataDir: net.dir('original') })
    await original.ready()
    const first = await original.api.call('post', { text: 'before the backup' })
    await original.api.call('bookmark', { uri: first.uri })
    const file = net.dir('identity.json')
    writeBackupFile(file, await original.api.call('exportIdentity', {}))
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    const again = await original.api.call('exportIdentity', {})
    assert.throws(() => writeBackupFile(file, again), /already exists/)
    const key = original.key
    await original.close()

    const backup = readBackupFile(file)
    assert.equal(backup.feed, key)
    const carried = (backup.privateData?.records ?? []) as Array<{ type: string; uri: string }>
    assert.deepEqual(carried.map((r) => [r.type, r.uri]), [['bookmark', first.uri]], 'the bookmark is carried')
    assert.match(backup.warning, /one machine at a time/)
    await assert.rejects(restoreIdentity(net.dir('original'), backup), /already holds an identity/)
    fs.writeFileSync(net.dir('garbage.json'), '{"type":"something else"}')
    assert.throws(() => readBackupFile(net.dir('garbage.json')), /not an rstatus identity backup/)
  })

  it('refuses to post until the feed is fetched back, then continues it without a fork', async () => {
    const aliceDir = net.dir('alice')
    const alice = await net.peer('alice')
    await alice.api.call('post', { text: 'one' })
    const two = await alice.api.call('post', { text: 'two' })
    await alice.api.call('draftPut', { id: 'unfinished', text: 'a draft kept through the restore' })
    const bob = await net.peer('bob')
    await bob.api.call('follow', { key: alice.key })
    await waitFor(async () => (await bob.api.call('timeline', {})).items.length === 2, { what: 'bob to sync' })
    await alice.close()

    // Export from the (stopped) original, restore on a "new machine".
    const exporter = new Engine({ dataDir: aliceDir })
    await exporter.ready()
    const backup = await exporter.api.call('exportIdentity', {})
    await exporter.close()
    const restoredDir = net.dir('alice-restored')
    assert.equal(await restoreIdentity(restoredDir, backup), alice.key)

    const restored = await net.peer('alice-restored', { offline: true })
    assert.deepEqual((await restored.api.call('drafts', {})).map((d) => d.text), ['a draft kept through the restore'], 'from the backup, even offline')
    await assert.rejects(restored.api.call('post', { text: 'too early' }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'FEED_BEHIND')
      assert.match(err.message, /restored from a backup/)
      return true
    })
    await restored.close()

    const online = await net.peer('alice-restored')
    assert.equal(online.key, alice.key)
    const third = await waitFor(
      async () => online.api.call('post', { text: 'three, after the restore' }).catch(() => null),
      { what: 'the restored feed to be fetched back', timeout: 30_000 }
    )
    // After 'two' come the messaging keys the device publishes on its own, once or not yet: the post follows
    // whatever the original wrote last, and the follower holds one unforked feed ending with it.
    assert.ok(third.seq > two.seq, 'the restored peer continues the feed after its last block')
    await waitFor(async () => (await bob.api.call('timeline', {})).items[0]?.text === 'three, after the restore', {
      what: 'bob to get the post from the restored device'
    })
    const sync = await bob.api.call('syncState', {})
    assert.equal(sync.feeds[0]?.stopped, null, 'no fork was seen')
    assert.ok(sync.feeds[0]!.localLength > third.seq, 'the follower holds the feed up to the new post')
    assert.deepEqual(
      (await online.api.call('timeline', {})).items.map((s) => s.text),
      ['three, after the restore', 'two', 'one']
    )
  })
})
