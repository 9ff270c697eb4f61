// One identity on two devices, each peer its own process on a local DHT: pairing with a one-time code, a
// follower who sees one author with one profile, bookmarks, lists and drafts kept on both devices, and a lost
// device whose later statuses everyone ignores.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useLocalNetwork } from '../helpers/local-network.js'
import type { PeerProcess } from '../helpers/peer.js'
import { waitFor } from '../helpers/tmp.js'

describe('one identity on several devices', () => {
  const net = useLocalNetwork()
  let laptop: PeerProcess
  let phone: PeerProcess
  let carol: PeerProcess

  const texts = async (p: PeerProcess) => (await p.api.call('timeline', { limit: 50 })).items.map((s) => s.text)

  it('pairs a second device with a one-time code, and a follower sees one author with one profile', async () => {
    ;[laptop, phone, carol] = await Promise.all([net.peer('laptop'), net.peer('phone'), net.peer('carol')])
    await laptop.api.call('setProfile', { name: 'Alice' })
    await laptop.api.call('post', { text: 'from the laptop' })

    const invite = await laptop.api.call('deviceInvite', { timeout: 120 })
    assert.match(invite.code, /^[ybndrfg8ejkmcpqxot1uwisza345h769]{80,200}$/)
    const joined = await phone.api.call('deviceJoin', { code: invite.code, timeout: 120 })
    assert.deepEqual(joined, { identity: laptop.key, device: phone.key })

    const me = await phone.api.call('whoami', {})
    assert.equal(me.key, laptop.key, 'whoami on the second device names the identity')
    assert.equal(me.device, phone.key)
    const listed = await waitFor(
      async () => {
        const d = await laptop.api.call('devices', {})
        return d.devices.find((x) => x.key === phone.key && x.state === 'linked') ? d : null
      },
      { what: 'the laptop to list the phone as linked', timeout: 30_000 }
    )
    assert.equal(listed.canManage, true)
    assert.equal((await phone.api.call('devices', {})).canManage, false)

    await phone.api.call('post', { text: 'from the phone' })
    await phone.api.call('setProfile', { name: 'Alice everywhere' })
    await waitFor(async () => (await texts(phone)).includes('from the laptop'), { what: "the phone to hold the laptop's statuses", timeout: 30_000 })

    await carol.api.call('follow', { key: laptop.key })
    const home = await waitFor(
      async () => {
        const items = (await carol.api.call('timeline', { limit: 50 })).items
        return items.length === 2 && items.every((s) => s.author.name === 'Alice everywhere') ? items : null
      },
      { what: 'both devices’ statuses under one author', timeout: 45_000 }
    )
    assert.deepEqual(home.map((s) => s.text), ['from the phone', 'from the laptop'])
    assert.deepEqual(home.map((s) => s.author.key), [laptop.key, laptop.key])
    assert.deepEqual(home.map((s) => s.feed), [phone.key, laptop.key])
    const profile = await carol.api.call('profile', { key: phone.key })
    assert.equal(profile.key, laptop.key, 'a device key leads to the one profile')
    assert.equal(profile.name, 'Alice everywhere')
    assert.equal(profile.statuses, 2)
    assert.deepEqual((await carol.api.call('profileStatuses', { key: laptop.key })).items.map((s) => s.text), ['from the phone', 'from the laptop'])
  })

  it("carries bookmarks, lists and drafts to the identity's other device", async () => {
    const wait = { timeout: 60_000, interval: 200 }
    const laptopPost = (await laptop.api.call('timeline', { limit: 50 })).items.find((s) => s.text === 'from the laptop')!.uri
    await laptop.api.call('bookmark', { uri: laptopPost })
    await laptop.api.call('listCreate', { name: 'Friends' })
    await laptop.api.call('listAdd', { name: 'Friends', key: carol.key })
    const draft = await phone.api.call('draftPut', { text: 'half a thought', cw: 'later' })

    const bookmarked = await waitFor(async () => {
      const b = (await phone.api.call('bookmarks', {})).items
      return b.length === 1 && b
    }, { ...wait, what: "the laptop's bookmark on the phone" })
    assert.equal(bookmarked[0]!.uri, laptopPost)
    const resumed = await waitFor(async () => (await laptop.api.call('drafts', {})).find((d) => d.id === draft.id), { ...wait, what: "the phone's draft on the laptop" })
    assert.deepEqual(resumed, draft)

    // The list made on the laptop is used on the phone, and what the phone adds is back on the laptop.
    await waitFor(async () => (await phone.api.call('lists', {}))[0]?.members.includes(carol.key), { ...wait, what: "the laptop's list on the phone" })
    await phone.api.call('listAdd', { name: 'Friends', key: phone.key })
    const mine = await phone.api.call('listTimeline', { name: 'Friends' })
    assert.deepEqual(mine.items.map((s) => s.text), ['from the phone', 'from the laptop'], 'a device key stands for its identity')
    await waitFor(async () => (await laptop.api.call('lists', {}))[0]?.members.length === 2, { ...wait, what: "the phone's change on the laptop" })
    assert.deepEqual(await laptop.api.call('lists', {}), [{ name: 'Friends', members: [carol.key, laptop.key] }])

    // Resumed and posted on the laptop: the draft is gone on both.
    await laptop.api.call('draftDelete', { id: draft.id })
    await waitFor(async () => (await phone.api.call('drafts', {})).length === 0, { ...wait, what: 'the posted draft gone from the phone' })
  })

  it('spends the code on the first device that uses it', async () => {
    const thief = await net.peer('thief')
    const invite = await laptop.api.call('deviceInvite', { timeout: 60 })
    const other = await net.peer('tablet')
    await other.api.call('deviceJoin', { code: invite.code, timeout: 60 })
    await assert.rejects(thief.api.call('deviceJoin', { code: invite.code, timeout: 8 }), /already used|No device accepted/)
    assert.equal((await thief.api.call('whoami', {})).key, thief.key, 'the thief stays its own identity')
    await assert.rejects(phone.api.call('deviceInvite', {}), /first device/)

    // A cancelled invite's code stops working at once.
    const cancelled = await laptop.api.call('deviceInvite', { timeout: 60 })
    assert.deepEqual(await laptop.api.call('deviceInviteCancel', { code: cancelled.code }), { cancelled: true })
    assert.deepEqual(await laptop.api.call('deviceInviteCancel', { code: cancelled.code }), { cancelled: false })
    await assert.rejects(thief.api.call('deviceJoin', { code: cancelled.code, timeout: 8 }), /already used|No device accepted/)
  })

  it('ignores what a lost device writes after its removal, and tells the device', async () => {
    // The phone is lost: it is offline while the laptop removes it, then comes back in a thief's hands.
    const phoneLength = (await laptop.api.call('syncState', {})).feeds.find((f) => f.key === phone.key)?.localLength
    await phone.close()
    const removed = await laptop.api.call('deviceRemove', { key: phone.key })
    assert.equal(removed.after, phoneLength, 'cut at the length of the phone’s feed the laptop holds')
    const offlinePhone = await net.peer('phone', { offline: true })
    await offlinePhone.api.call('post', { text: 'written after the removal' })
    await offlinePhone.close()
    phone = await net.peer('phone')
    await laptop.api.call('post', { text: 'the laptop goes on' })
    await waitFor(async () => (await texts(carol))[0] === 'the laptop goes on', { what: 'the laptop’s new status', timeout: 60_000 })
    // Carol holds the phone's feed past the cut, so the late status reached her and was ignored.
    await waitFor(
      async () => {
        const feed = (await carol.api.call('syncState', {})).feeds.find((f) => f.key === phone.key)
        return feed && feed.indexedLength > removed.after ? feed : null
      },
      { what: 'carol to index the phone’s later blocks', timeout: 60_000 }
    )
    assert.deepEqual(await texts(carol), ['the laptop goes on', 'from the phone', 'from the laptop'])
    assert.equal((await laptop.api.call('devices', {})).devices.find((d) => d.key === phone.key)?.state, 'removed')
    // Back online, the phone learns of its removal and refuses to write.
    await waitFor(
      async () => (await phone.api.call('devices', {})).devices.some((d) => d.thisDevice && d.state === 'removed'),
      { what: 'the phone to learn it was removed', timeout: 60_000 }
    )
    await assert.rejects(phone.api.call('post', { text: 'once more' }), /removed/)
  })
})
