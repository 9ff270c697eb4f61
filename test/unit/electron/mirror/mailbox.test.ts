import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import type Hyperswarm from 'hyperswarm'
import ids from 'hypercore-id-encoding'
import { encodeItem } from '../../../../electron/engine/messages/wire.js'
import { inboxTopic } from '../../../../electron/engine/inbox/inbox-wire.js'
import { Mailbox } from '../../../../electron/mirror/mailbox.js'
import { tmpDir } from '../../../helpers/tmp.js'

/** The one part of a swarm the mailbox uses outside a connection: the topics it waits on. */
function topicsSwarm() {
  const joined = new Set<string>()
  const swarm = {
    join: (topic: Buffer) => joined.add(topic.toString('hex')),
    leave: async (topic: Buffer) => void joined.delete(topic.toString('hex'))
  }
  return { swarm: swarm as unknown as Hyperswarm, joined }
}

describe('Mailbox: what a mirror keeps for the people it serves', () => {
  const tmp = tmpDir('rstatus-mailbox-')
  after(() => tmp.cleanup())

  it('waits on the inbox topics of the keys it serves, and keeps their sealed items across a restart, others refused', async () => {
    const storage = path.join(tmp.dir, 'mirror')
    fs.mkdirSync(storage)
    const [identity, device, stranger] = [crypto.randomBytes(32), crypto.randomBytes(32), crypto.randomBytes(32)]
    const peer = crypto.randomBytes(32).toString('hex')
    fs.writeFileSync(path.join(storage, 'mail-served.json'), JSON.stringify({ peers: { [peer]: { inbox: [ids.encode(identity)], dm: [ids.encode(identity), ids.encode(device)] } } }))
    const lines: string[] = []
    const first = topicsSwarm()
    const mailbox = new Mailbox({ swarm: first.swarm, storage, isTrusted: () => true, log: (l) => lines.push(l) })
    await mailbox.open()
    assert.deepEqual([...first.joined].sort(), [inboxTopic(ids.encode(identity)), inboxTopic(ids.encode(device))].map((t) => t.toString('hex')).sort())

    const forMe = encodeItem({ to: identity, sealed: crypto.randomBytes(120) })
    const forOther = encodeItem({ to: stranger, sealed: crypto.randomBytes(120) })
    await mailbox.items.receiveItems([forMe, forOther, Buffer.from('not an item')])
    assert.equal(mailbox.items.refused, 2)
    assert.deepEqual(lines, ['rstatus: mirror kept 1 sealed item for the people it serves'])
    mailbox.close()

    const again = new Mailbox({ swarm: topicsSwarm().swarm, storage, isTrusted: () => true, log: () => {} })
    await again.open()
    assert.deepEqual(again.items.itemsFor([ids.encode(identity)]), [forMe])
    assert.deepEqual(again.items.itemsFor([ids.encode(stranger)]), [])
    again.close()
  })
})
