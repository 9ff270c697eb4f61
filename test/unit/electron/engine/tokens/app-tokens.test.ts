import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { AppTokens, APP_TOKEN_PREFIX } from '../../../../../electron/engine/tokens/app-tokens.js'
import { isRstatusError } from '../../../../../shared/errors.js'
import { tmpDir } from '../../../../helpers/tmp.js'

function store(t: { after: (fn: () => void) => void }) {
  const tmp = tmpDir('rstatus-tokens-')
  t.after(() => tmp.cleanup())
  const file = path.join(tmp.dir, 'app-tokens.json')
  return { file, tokens: new AppTokens(file) }
}

function code(err: unknown): string {
  return isRstatusError(err) ? err.code : String(err)
}

describe('AppTokens', () => {
  test('a new token is 32 random bytes with a prefix, and only its SHA-256 is stored, in a 0600 file', (t) => {
    const { file, tokens } = store(t)
    const made = tokens.create('feed reader', { readOnly: true, now: 1000 })
    assert.match(made.token, new RegExp(`^${APP_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`))
    assert.deepEqual({ ...made, token: undefined }, { name: 'feed reader', readOnly: true, messages: false, createdAt: 1000, lastUsedAt: null, token: undefined })
    const text = fs.readFileSync(file, 'utf8')
    assert.equal(text.includes(made.token), false)
    assert.equal(text.includes(made.token.slice(APP_TOKEN_PREFIX.length)), false)
    assert.equal(fs.statSync(file).mode & 0o777, 0o600)
    assert.notEqual(tokens.create('other').token, made.token)
  })

  test('verify accepts the token and nothing else; the grant carries its scope', (t) => {
    const { tokens } = store(t)
    const ro = tokens.create('reader', { readOnly: true })
    const rw = tokens.create('writer')
    assert.deepEqual(pick(tokens.verify(ro.token)), { name: 'reader', readOnly: true })
    assert.deepEqual(pick(tokens.verify(rw.token)), { name: 'writer', readOnly: false })
    for (const forged of [undefined, '', 'rst_', ro.token + 'x', ro.token.slice(0, -1), ro.token.replace(/^rst_/, ''), 'rst_' + 'A'.repeat(43), ro.token.toUpperCase()]) {
      assert.equal(tokens.verify(forged), null, String(forged))
    }
  })

  test('private messages are granted only by name, can be taken back at once, and tokens from before have none', (t) => {
    const { file, tokens } = store(t)
    const plain = tokens.create('plain')
    const chat = tokens.create('chat', { messages: true })
    assert.equal(chat.messages, true)
    const grant = tokens.verify(chat.token)!
    assert.equal(grant.messages, true)
    assert.equal(tokens.allowsMessages(grant), true)
    assert.equal(tokens.allowsMessages(tokens.verify(plain.token)!), false)
    assert.equal(tokens.setMessages('CHAT', false).messages, false)
    assert.equal(tokens.allowsMessages(grant), false, 'the grant made before is asked again')
    assert.equal(tokens.isValid(grant), true, 'the token itself stays')
    assert.throws(() => tokens.setMessages('nobody', true), (err) => code(err) === 'NOT_FOUND')
    // A file written before messages could be granted: its tokens load, without them.
    const old = JSON.parse(fs.readFileSync(file, 'utf8')) as { tokens: Array<Record<string, unknown>> }
    for (const entry of old.tokens) delete entry.messages
    fs.writeFileSync(file, JSON.stringify(old))
    const reopened = new AppTokens(file)
    assert.deepEqual(reopened.list().map((x) => [x.name, x.messages]), [['plain', false], ['chat', false]])
    assert.equal(reopened.verify(plain.token)?.name, 'plain')
  })

  test('names are unique (ignoring case) and checked', (t) => {
    const { tokens } = store(t)
    tokens.create('Bot')
    assert.throws(() => tokens.create('bot'), (err) => code(err) === 'INVALID_INPUT' && /exists already/.test((err as Error).message))
    for (const bad of ['', '   ', '-dash-first', 'a'.repeat(65), 'new\nline', 'semi;colon']) {
      assert.throws(() => tokens.create(bad), (err) => code(err) === 'INVALID_INPUT', JSON.stringify(bad))
    }
    assert.equal(tokens.create('  trimmed name  ').name, 'trimmed name')
  })

  test('revoke takes effect at once: verify, isValid and the revoke listeners', (t) => {
    const { tokens } = store(t)
    const made = tokens.create('script')
    const grant = tokens.verify(made.token)!
    const heard: string[] = []
    tokens.onRevoke((name) => heard.push(name))
    assert.equal(tokens.isValid(grant), true)
    assert.deepEqual(tokens.revoke('SCRIPT'), { name: 'script' })
    assert.equal(tokens.verify(made.token), null)
    assert.equal(tokens.isValid(grant), false)
    assert.deepEqual(heard, ['script'])
    assert.deepEqual(tokens.list(), [])
    assert.throws(() => tokens.revoke('script'), (err) => code(err) === 'NOT_FOUND')
  })

  test('tokens and lastUsedAt survive a restart; lastUsedAt is written at most once a minute', (t) => {
    const { file, tokens } = store(t)
    const made = tokens.create('app', { now: 0 })
    tokens.verify(made.token, 100_000)
    tokens.verify(made.token, 130_000)
    assert.equal(new AppTokens(file).list()[0]?.lastUsedAt, 100_000)
    tokens.verify(made.token, 170_000)
    const reopened = new AppTokens(file)
    assert.deepEqual(reopened.list(), [{ name: 'app', readOnly: false, messages: false, createdAt: 0, lastUsedAt: 170_000 }])
    assert.equal(reopened.verify(made.token)?.name, 'app')
  })

  test('a damaged file grants nothing, and says so', (t) => {
    const { file } = store(t)
    const first = new AppTokens(file).create('app')
    fs.writeFileSync(file, '{"tokens": [', { mode: 0o600 })
    const lines: string[] = []
    const damaged = new AppTokens(file, (line) => lines.push(line))
    assert.equal(damaged.verify(first.token), null)
    assert.deepEqual(damaged.list(), [])
    assert.match(lines.join('\n'), /is damaged/)
    assert.equal(lines.join('\n').includes(first.token), false)
  })
})

function pick(grant: { name: string; readOnly: boolean } | null) {
  return grant && { name: grant.name, readOnly: grant.readOnly }
}
