import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import ids from 'hypercore-id-encoding'
import { markingAnswers, markShown } from '../../../../../electron/engine/handles/mark-shown.js'
import type { FeedKey } from '../../../../../shared/keys.js'

const A = ids.encode(Buffer.alloc(32, 1)) as FeedKey
const B = ids.encode(Buffer.alloc(32, 2)) as FeedKey

/** The Handles service's rule at its edge: alice.test names A; every handle shown is recorded. */
function handlesNaming(key: FeedKey) {
  const shown: string[] = []
  return {
    shown,
    mark<P extends { key: FeedKey; handle?: string }>(p: P): P {
      shown.push(p.handle!)
      return p.handle === 'alice.test' && p.key === key ? { ...p, handleVerified: true } : p
    }
  }
}

describe('marking the people an answer shows', () => {
  it('marks authors, reposters and notification senders deep in a page, and only those whose domain names them', () => {
    const handles = handlesNaming(A)
    const page = {
      items: [
        { uri: 'rstatus://x/1', author: { key: A, name: 'Alice', handle: 'alice.test' }, counts: { likes: 0 } },
        { uri: 'rstatus://x/2', author: { key: B, name: 'Mallory', handle: 'alice.test' } },
        { uri: 'rstatus://x/3', author: { key: B, name: 'Bob' }, replyToAuthor: { key: A, name: 'Alice', handle: 'alice.test' } }
      ],
      cursor: null
    }
    type Person = { key: FeedKey; name: string; handle?: string; handleVerified?: true }
    const out = markShown(page, handles) as { items: Array<{ author: Person; replyToAuthor?: Person }> }
    assert.equal(out.items[0]!.author.handleVerified, true)
    assert.equal('handleVerified' in out.items[1]!.author, false, 'a claim by another key is not verified')
    assert.equal('handleVerified' in out.items[2]!.author, false)
    assert.equal(out.items[2]!.replyToAuthor!.handleVerified, true)
    assert.deepEqual(handles.shown, ['alice.test', 'alice.test', 'alice.test'], 'each handle shown is asked about, no other')
    assert.equal('handleVerified' in page.items[0]!.author, false, 'the answer given is not changed in place')
  })

  it('leaves an answer without handles as it was, the very same object, and binary data untouched', () => {
    const handles = handlesNaming(A)
    const bytes = new Uint8Array([1, 2, 3])
    const answer = { items: [{ author: { key: A, name: 'Alice' } }], bytes }
    assert.equal(markShown(answer, handles), answer)
    assert.equal(markShown(null, handles), null)
    assert.equal(markShown('text', handles), 'text')
    assert.deepEqual(handles.shown, [])
  })

  it('wraps handlers, except those whose handles are no person shown', async () => {
    const handles = handlesNaming(A)
    const wrapped = markingAnswers(
      {
        profile: async () => ({ key: A, handle: 'alice.test' }),
        resolveHandle: async () => ({ key: A, handle: 'alice.test' })
      },
      handles,
      ['resolveHandle']
    )
    assert.deepEqual(await wrapped.profile(), { key: A, handle: 'alice.test', handleVerified: true })
    assert.deepEqual(await wrapped.resolveHandle(), { key: A, handle: 'alice.test' })
  })
})
