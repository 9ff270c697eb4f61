import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { MastodonError } from '../../../../../electron/serve/mastodon-api/errors.js'
import { readParams } from '../../../../../electron/serve/mastodon-api/params.js'

describe('Mastodon request parameters', () => {
  test('query, then a JSON body winning; arrays as name[] or JSON arrays', async () => {
    const p = await readParams(new URLSearchParams('status=query&types[]=mention&types[]=favourite'), 'application/json', Buffer.from('{"status":"body","media_ids":["1","2"],"sensitive":true,"poll":{"options":["a"]}}'))
    assert.equal(p.string('status'), 'body')
    assert.deepEqual(p.strings('types'), ['mention', 'favourite'])
    assert.deepEqual(p.strings('media_ids'), ['1', '2'])
    assert.equal(p.flag('sensitive'), true)
    assert.equal(p.anyNested('poll'), true)
    assert.equal(p.anyNested('scheduled_at'), false)
  })

  test('form bodies, with Rails-style nested keys', async () => {
    const p = await readParams(new URLSearchParams(), 'application/x-www-form-urlencoded; charset=utf-8', Buffer.from('status=hi+there&media_ids[]=7&poll[options][]=a&sensitive=false'))
    assert.equal(p.string('status'), 'hi there')
    assert.deepEqual(p.strings('media_ids'), ['7'])
    assert.equal(p.anyNested('poll'), true)
    assert.equal(p.flag('sensitive'), false)
  })

  test('multipart bodies carry the file and the fields', async () => {
    const form = new FormData()
    form.set('description', 'a cat')
    form.set('file', new Blob([Buffer.from([1, 2, 3])], { type: 'image/png' }), 'cat.png')
    const request = new Request('http://local.invalid/', { method: 'POST', body: form })
    const body = Buffer.from(await request.arrayBuffer())
    const p = await readParams(new URLSearchParams(), request.headers.get('content-type') ?? '', body)
    assert.equal(p.string('description'), 'a cat')
    assert.deepEqual([...p.file!.bytes], [1, 2, 3])
    assert.equal(p.file!.name, 'cat.png')
  })

  test('a body that is not what it claims is a 400 with one line', async () => {
    for (const [type, body] of [['application/json', '{"a":'], ['application/json', '[1,2]'], ['multipart/form-data; boundary=x', 'garbage']]) {
      await assert.rejects(readParams(new URLSearchParams(), type, Buffer.from(body!)), (err: unknown) => err instanceof MastodonError && err.status === 400 && !err.message.includes('\n'))
    }
  })

  test('prototype keys in a JSON body stay plain data', async () => {
    const p = await readParams(new URLSearchParams(), 'application/json', Buffer.from('{"__proto__":{"polluted":"yes"},"constructor":"x"}'))
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    assert.equal(p.string('constructor'), 'x')
  })
})
