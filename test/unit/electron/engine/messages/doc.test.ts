// docs/PROTOCOL.md "Messages" is the prose of the messages modules: its limits table must quote them.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import * as limits from '../../../../../shared/messages.js'

// Compiled to <outDir>/test/unit/messages/, four levels below the repository.
const doc = readFileSync(new URL('../../../../../../docs/PROTOCOL.md', import.meta.url), 'utf8')

describe('docs/PROTOCOL.md "Messages"', () => {
  it('quotes every message limit with its value', () => {
    const section = doc.slice(doc.indexOf('### Message limits'))
    const rows = new Map<string, string>()
    for (const m of section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*([^|]+?)\s*\|/gm)) rows.set(m[1]!, m[2]!)
    const numeric = Object.entries(limits).filter(([, v]) => typeof v === 'number')
    assert.ok(numeric.length >= 10)
    for (const [name, value] of numeric) assert.equal(rows.get(name), String(value), `the table gives ${name} as ${rows.get(name)}, the code ${value}`)
  })
})
