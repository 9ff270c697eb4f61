import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { messageReadMethods, messageWriteMethods, methods, readOnlyMethods, personOnlyMethods, type Api, type MethodName } from '../../../../shared/api/contract.js'
import { handleRpcMessage, scopeAllows } from '../../../../shared/rpc/server.js'

const ALL = Object.keys(methods) as MethodName[]

describe('RPC scopes', () => {
  test('the UI may call everything', () => {
    for (const m of ALL) assert.equal(scopeAllows('ui', m), true, m)
  })

  test('an app token may call everything but token management and, unless granted, private conversations', () => {
    const messages = (m: MethodName) => messageReadMethods.has(m) || messageWriteMethods.has(m)
    for (const m of ALL) assert.equal(scopeAllows('app', m), !personOnlyMethods.has(m) && !messages(m), m)
    for (const m of ['appTokens', 'createAppToken', 'revokeAppToken'] as const) assert.equal(scopeAllows('app', m), false)
  })

  test('a read-only token may call only the read-only methods, and none of them writes', () => {
    for (const m of ALL) assert.equal(scopeAllows('read-only', m), readOnlyMethods.has(m) && !personOnlyMethods.has(m), m)
    for (const write of ['post', 'reply', 'repost', 'unrepost', 'like', 'unlike', 'delete', 'follow', 'unfollow', 'setProfile', 'markNotificationsRead', 'createAppToken'] as const) {
      assert.equal(scopeAllows('read-only', write), false, write)
    }
  })

  test('a grant of private conversations opens them: reading with any token, sending with a read-write one', () => {
    for (const m of ['dmList', 'dmRead', 'dmRequests', 'dmImage'] as const) {
      assert.equal(scopeAllows('app', m), false, m)
      assert.equal(scopeAllows('read-only', m, { messages: true }), true, m)
    }
    for (const m of ['dmSend', 'dmAccept', 'dmDecline', 'dmDeleteForMe', 'dmLeave', 'dmRemoveMember'] as const) {
      assert.equal(scopeAllows('app', m, { messages: true }), true, m)
      assert.equal(scopeAllows('read-only', m, { messages: true }), false, m)
      assert.equal(scopeAllows('app', m), false, m)
    }
    // The person's own settings, and the tokens, stay the person's whatever the grant.
    for (const m of ['dmSettings', 'dmSetSeenReceipts', 'setAppTokenMessages', 'createAppToken'] as const) assert.equal(scopeAllows('app', m, { messages: true }), false, m)
  })

  test('a refused method never reaches the engine', async () => {
    const called: string[] = []
    const api: Api = { call: async (m) => void called.push(m) as never, on: () => () => {} }
    const res = await handleRpcMessage(api, { id: 1, method: 'post', params: { text: 'x' } }, { allow: (m) => scopeAllows('read-only', m) })
    assert.deepEqual(res, { id: 1, error: { code: 'NOT_ALLOWED', message: 'Not allowed here: post' } })
    assert.deepEqual(called, [])
  })
})
