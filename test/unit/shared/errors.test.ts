import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isRstatusError, oneLine, RstatusError } from '../../../shared/errors.js'

describe('errors', () => {
  it('oneLine drops everything after the first line, and a stack never reaches it', () => {
    assert.equal(oneLine(new Error('a\nb')), 'a')
    assert.equal(oneLine('plain'), 'plain')
    const err = new Error('boom')
    assert.ok(err.stack?.includes('\n'))
    assert.equal(oneLine(err), 'boom')
    assert.equal(oneLine(new Error('x'.repeat(900))).length, 500)
  })

  it('an RstatusError keeps its code across the check', () => {
    const err = new RstatusError('NOT_FOUND', 'No such status')
    assert.ok(isRstatusError(err))
    assert.equal(err.code, 'NOT_FOUND')
    assert.equal(isRstatusError(new Error('x')), false)
  })
})
