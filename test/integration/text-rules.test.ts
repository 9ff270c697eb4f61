// What the feed format says about a person's text, through the doors of a real `rstatus serve`: the writer
// refuses raw control characters in one clear line, and writes what it accepts in NFC, trimmed.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { request } from '../helpers/http.js'
import { tmpDir } from '../helpers/tmp.js'
import { startServe, type ServeProcess } from './cli-process.js'

describe('text rules at the doors of rstatus serve', () => {
  const tmp = tmpDir('rstatus-text-')
  let serve: ServeProcess

  before(async () => {
    serve = await startServe(['--data', path.join(tmp.dir, 'me'), '--host', '127.0.0.1'])
  })
  after(async () => {
    await serve?.stop()
    tmp.cleanup()
  })

  const api = (method: string, params: unknown) =>
    request(serve.port, {
      method: 'POST',
      path: `/api/${method}`,
      body: JSON.stringify(params),
      headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' }
    })

  test('a status with NUL or ESC is refused with INVALID_INPUT naming the character, and nothing is written', async () => {
    for (const [text, named] of [['a\u0000b', 'U+0000'], ['\u001b[2Jcleared', 'U+001B']] as const) {
      const r = await api('post', { text })
      assert.equal(r.status, 400, r.body)
      const body = JSON.parse(r.body) as { error: { code: string; message: string } }
      assert.equal(body.error.code, 'INVALID_INPUT')
      assert.match(body.error.message, new RegExp(`control character ${named.replace('+', '\\+')}`))
    }
    const twitter = await request(serve.port, {
      method: 'POST',
      path: '/1.1/statuses/update.json',
      body: 'status=' + encodeURIComponent('bell \u0007'),
      headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/x-www-form-urlencoded' }
    })
    assert.ok(twitter.status >= 400 && twitter.status < 500, `${twitter.status} ${twitter.body}`)
    const timeline = JSON.parse((await api('timeline', {})).body) as { items: unknown[] }
    assert.deepEqual(timeline.items, [])
  })

  test('a status and a profile are written in NFC, trimmed, with LF line breaks', async () => {
    const posted = JSON.parse((await api('post', { text: '  Cafe\u0301\r\nau lait  ' })).body) as { uri: string }
    const timeline = JSON.parse((await api('timeline', {})).body) as { items: Array<{ uri: string; text: string }> }
    assert.deepEqual(timeline.items.map((s) => [s.uri, s.text]), [[posted.uri, 'Caf\u00e9\nau lait']])
    const set = await api('setProfile', { name: ' Zoe\u0308 ', bio: 'bio\r\n' })
    assert.equal(set.status, 200, set.body)
    const me = JSON.parse((await api('whoami', {})).body) as { profile: { name: string; bio: string } }
    assert.deepEqual([me.profile.name, me.profile.bio], ['Zo\u00eb', 'bio'])
  })
})
