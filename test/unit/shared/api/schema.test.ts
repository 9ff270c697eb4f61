import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RstatusError } from '../../../../shared/errors.js'
import { array, bool, int, object, oneOf, optional, str, type Schema } from '../../../../shared/api/schema.js'

function refuses<T>(schema: Schema<T>, value: unknown, message: RegExp): void {
  assert.throws(
    () => schema.parse(value, 'p'),
    (err: unknown) => err instanceof RstatusError && err.code === 'INVALID_INPUT' && message.test(err.message)
  )
}

describe('str()', () => {
  it('accepts strings within its bounds', () => {
    assert.equal(str({ min: 1, max: 3 }).parse('abc', 'p'), 'abc')
    assert.equal(str().parse('', 'p'), '')
  })

  it('refuses other types and strings out of bounds, naming the field', () => {
    refuses(str(), 5, /^p must be a string$/)
    refuses(str(), null, /must be a string/)
    refuses(str({ min: 1 }), '', /^p must not be empty$/)
    refuses(str({ min: 2 }), 'a', /at least 2/)
    refuses(str({ max: 3 }), 'abcd', /at most 3/)
  })
})

describe('int()', () => {
  it('accepts whole numbers within its bounds, bounds included', () => {
    const s = int({ min: 1, max: 10 })
    assert.equal(s.parse(1, 'p'), 1)
    assert.equal(s.parse(10, 'p'), 10)
    assert.equal(int().parse(Number.MAX_SAFE_INTEGER, 'p'), Number.MAX_SAFE_INTEGER)
  })

  it('refuses numbers out of bounds', () => {
    refuses(int({ min: 1, max: 10 }), 0, /between 1 and 10/)
    refuses(int({ min: 1, max: 10 }), 11, /between 1 and 10/)
    refuses(int(), -1, /between 0/)
  })

  it('refuses fractions, NaN, infinities, unsafe integers and numeric strings', () => {
    for (const bad of [1.5, NaN, Infinity, -Infinity, 2 ** 53, '5', null, true]) refuses(int(), bad, /whole number/)
  })
})

describe('bool() and oneOf()', () => {
  it('accept only their values', () => {
    assert.equal(bool().parse(false, 'p'), false)
    refuses(bool(), 'true', /true or false/)
    const colour = oneOf(['red', 'green'] as const)
    assert.equal(colour.parse('green', 'p'), 'green')
    refuses(colour, 'blue', /one of red, green/)
    refuses(colour, 'toString', /one of/)
  })
})

describe('optional()', () => {
  it('turns undefined and null into undefined and checks anything else', () => {
    const s = optional(int())
    assert.equal(s.optional, true)
    assert.equal(s.parse(undefined, 'p'), undefined)
    assert.equal(s.parse(null, 'p'), undefined)
    assert.equal(s.parse(3, 'p'), 3)
    refuses(s, 'x', /whole number/)
  })
})

describe('array()', () => {
  it('checks every item and names the one that fails', () => {
    assert.deepEqual(array(int()).parse([1, 2], 'p'), [1, 2])
    refuses(array(int()), [1, 'x'], /^p\[1\] must be a whole number$/)
  })

  it('refuses non-arrays and too many items', () => {
    refuses(array(int()), { 0: 1, length: 1 }, /must be a list/)
    refuses(array(int(), { max: 2 }), [1, 2, 3], /at most 2 items/)
  })
})

describe('object()', () => {
  const shape = object({ name: str({ min: 1 }), limit: optional(int({ max: 50 })) })

  it('returns exactly the known fields, in a plain object', () => {
    const out = shape.parse({ name: 'a', limit: 5 }, '')
    assert.deepEqual(out, { name: 'a', limit: 5 })
    assert.equal(Object.getPrototypeOf(out), Object.prototype)
  })

  it('leaves out optional fields that are missing or null', () => {
    assert.deepEqual(Object.keys(shape.parse({ name: 'a' }, '')), ['name'])
    assert.deepEqual(Object.keys(shape.parse({ name: 'a', limit: null }, '')), ['name'])
  })

  it('refuses unknown fields, so typos do not pass silently', () => {
    refuses(shape, { name: 'a', limt: 5 }, /^p\.limt is not a known field$/)
  })

  it('refuses "__proto__", "constructor" and inherited names as fields', () => {
    for (const json of ['{"name":"a","__proto__":{"polluted":1}}', '{"name":"a","constructor":{}}', '{"name":"a","toString":1}']) {
      refuses(shape, JSON.parse(json), /is not a known field/)
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
  })

  it('names a missing required field', () => {
    refuses(shape, {}, /^p\.name must be a string$/)
  })

  it('reads undefined and null params as an empty object', () => {
    const empty = object({ limit: optional(int()) })
    assert.deepEqual(empty.parse(undefined, ''), {})
    assert.deepEqual(empty.parse(null, ''), {})
  })

  it('refuses arrays and primitives', () => {
    refuses(shape, [], /must be an object/)
    refuses(shape, 'name', /must be an object/)
  })

  it('names nested fields by their path', () => {
    const outer = object({ page: object({ limit: int({ max: 5 }) }) })
    refuses(outer, { page: { limit: 9 } }, /^p\.page\.limit must be between 0 and 5$/)
    refuses(outer, { page: { size: 1 } }, /^p\.page\.size is not a known field$/)
  })
})
