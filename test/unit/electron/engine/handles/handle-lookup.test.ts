import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { keyFromTxt, keyFromWellKnown } from '../../../../../electron/engine/handles/handle-lookup.js'

const A = ids.encode(Buffer.alloc(32, 1))
const B = ids.encode(Buffer.alloc(32, 2))
const hexA = Buffer.alloc(32, 1).toString('hex')

describe('what a domain names', () => {
  it('reads key= from TXT records, joining a record\'s strings first', () => {
    assert.equal(keyFromTxt([['key=' + A]]), A)
    assert.equal(keyFromTxt([['v=spf1 -all'], ['key=' + A.slice(0, 20), A.slice(20)]]), A)
    assert.equal(keyFromTxt([['key=' + hexA]]), A, 'hex is taken and made canonical')
    assert.equal(keyFromTxt([['key=' + A], ['key=' + A]]), A, 'the same key twice is one key')
  })

  it('names no key when the records name none, a bad one, or two', () => {
    assert.equal(keyFromTxt([]), null)
    assert.equal(keyFromTxt([['v=spf1 -all']]), null)
    assert.equal(keyFromTxt([['key=nonsense']]), null)
    assert.equal(keyFromTxt([['key=' + A], ['key=' + B]]), null)
  })

  it('reads {"key"} from the well-known file and nothing else', () => {
    assert.equal(keyFromWellKnown(JSON.stringify({ key: A, other: 1 })), A)
    for (const body of ['', 'null', '[]', '{"key":7}', '{"keys":["' + A + '"]}', '{"key":"' + A + 'x"}', '<html>']) {
      assert.equal(keyFromWellKnown(body), null, body)
    }
  })
})
