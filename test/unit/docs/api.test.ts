// docs/API.md is the promise made to other apps: every method, event, scope and Twitter error it names must
// be the code's, and the code's must all be in it.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { methods, readOnlyMethods, personOnlyMethods } from '../../../shared/api/contract.js'
import { EVENT_NAMES } from '../../../shared/rpc/messages.js'
import { twitterErrors, type TwitterError } from '../../../electron/serve/twitter-api/errors.js'

// Compiled to <outDir>/test/unit/docs/, four levels below the repository.
const doc = readFileSync(new URL('../../../../docs/API.md', import.meta.url), 'utf8')
const sorted = (xs: Iterable<string>) => [...xs].sort()

describe('docs/API.md', () => {
  test('documents every RPC method, each with an example call, and no other', () => {
    const headings = [...doc.matchAll(/^##### `([A-Za-z]+)`$/gm)].map((m) => m[1]!)
    assert.deepEqual(sorted(headings), sorted(Object.keys(methods)))
    for (const name of Object.keys(methods)) {
      const section = doc.split(`##### \`${name}\`\n`)[1]!.split('\n#####')[0]!
      assert.match(section, new RegExp(`curl -X POST \\$RS/api/${name} `), name)
    }
  })

  test('its scopes are the code\'s: the read-only methods and the person-only ones', () => {
    const readOnlyRow = /\| only the reading methods: ([^|]+)\|/.exec(doc)?.[1] ?? ''
    assert.deepEqual(sorted([...readOnlyRow.matchAll(/`(\w+)`/g)].map((m) => m[1]!)), sorted(readOnlyMethods))
    const personOnly = /For the person only, never for a per-app token \(`NOT_ALLOWED`\): ([\s\S]+?)\n\n/.exec(doc)?.[1] ?? ''
    assert.deepEqual(sorted([...personOnly.matchAll(/`(\w+)`/g)].map((m) => m[1]!).filter((m) => m !== 'NOT_ALLOWED')), sorted(personOnlyMethods))
  })

  test('lists every event', () => {
    const rows = [...doc.matchAll(/^\| `(\w+)` \| .+ \| .+ \|$/gm)].map((m) => m[1]!)
    for (const event of EVENT_NAMES) assert.ok(rows.includes(event), event)
  })

  test('its Twitter error table has every code the subset answers, with its HTTP status', () => {
    const rows = new Set([...doc.matchAll(/^\| (\d{3}) \| (\d+) \|/gm)].map((m) => `${m[1]} ${m[2]}`))
    const made = Object.values(twitterErrors).map((make) => (make as (a: string) => TwitterError)('x'))
    for (const e of made) assert.ok(rows.has(`${e.status} ${e.code}`), `${e.status} ${e.code} ${e.message}`)
  })

  test('its JSON examples are JSON', () => {
    let n = 0
    for (const block of doc.matchAll(/```json\n([\s\S]*?)```/g)) {
      assert.doesNotThrow(() => JSON.parse(block[1]!), block[1]!.slice(0, 60))
      n++
    }
    assert.ok(n >= 3)
  })
})
