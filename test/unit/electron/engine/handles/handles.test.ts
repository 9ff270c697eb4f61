import assert from 'node:assert/strict'
import dgram from 'node:dgram'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { Handles } from '../../../../../electron/engine/handles/handles.js'
import type { FeedKey } from '../../../../../shared/keys.js'
import { tmpDir } from '../../../../helpers/tmp.js'

const A = ids.encode(Buffer.alloc(32, 1)) as FeedKey

describe('the Handles service, waiting for a check', () => {
  const tmp = tmpDir('rstatus-handles-')
  // A DNS server that never answers: the domain is slow, and the lookup gives up after its own timeout.
  const silent = dgram.createSocket('udp4')
  let server = ''

  before(async () => {
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve))
    server = `127.0.0.1:${silent.address().port}`
  })
  after(() => {
    silent.close()
    tmp.cleanup()
  })

  it('says a check is pending when the domain has not answered in time, and waits it out when allowed to', async () => {
    const handles = new Handles({ file: path.join(tmp.dir, 'handles.json'), servers: [server], timeoutMs: 500 })
    const profile = { key: A, handle: 'slow.test' }
    assert.deepEqual(await handles.markChecked(profile, 20), { ...profile, handlePending: true })
    assert.deepEqual(await handles.markChecked(profile, 10_000), profile, 'answered (no key): neither pending nor verified')
    assert.deepEqual(await handles.markChecked({ key: A }, 10_000), { key: A }, 'no handle, nothing to wait for')
    await handles.close()
  })

  it('does not wait when checks are off', async () => {
    const handles = new Handles({ file: path.join(tmp.dir, 'off.json'), servers: [server], timeoutMs: 60_000 })
    handles.setChecks(false)
    assert.deepEqual(await handles.markChecked({ key: A, handle: 'slow.test' }, 10_000), { key: A, handle: 'slow.test' })
    await handles.close()
  })
})
