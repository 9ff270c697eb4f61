// docs/PROTOCOL.md is the prose of shared/protocol: its limits table and its JSON examples must stay true.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import * as limits from '../../../shared/protocol/limits.js'
import { decodeBlock } from '../../../shared/protocol/validate.js'
import { keyOf } from '../shared/protocol/fixtures.js'

// Compiled to <outDir>/test/unit/docs/, four levels below the repository.
const doc = readFileSync(new URL('../../../../docs/PROTOCOL.md', import.meta.url), 'utf8')

describe('docs/PROTOCOL.md', () => {
  it('quotes every limit with its value', () => {
    const rows = new Map<string, string>()
    for (const m of doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*([^|]+?)\s*\|/gm)) rows.set(m[1]!, m[2]!)
    const numeric = Object.entries(limits).filter(([, v]) => typeof v === 'number')
    assert.ok(numeric.length >= 10)
    for (const [name, value] of numeric) {
      assert.equal(rows.get(name), String(value), `the limits table gives ${name} as ${rows.get(name)}, the code ${value}`)
    }
  })

  it('gives JSON examples that decode as it says', () => {
    const own = keyOf(1)
    const others = new Map<string, string>()
    const fill = (line: string): string =>
      line.replace(/<([^>]+)>/g, (_, name: string) => {
        if (name === 'own key') return own
        if (!others.has(name)) others.set(name, keyOf(others.size + 2))
        return others.get(name)!
      })
    let examples = 0
    for (const block of doc.matchAll(/```json\n([\s\S]*?)```/g)) {
      for (const line of block[1]!.split('\n').filter((l) => l.trim() !== '')) {
        const json = fill(line)
        const type = (JSON.parse(json) as { type: string }).type
        const result = decodeBlock(new TextEncoder().encode(json), { feed: own, seq: type === 'header' ? 0 : 100 })
        assert.ok(result.ok, `${line}: ${result.ok ? '' : result.reason}`)
        assert.equal(result.record?.type, type, line)
        examples++
      }
    }
    assert.ok(examples >= 12, `found ${examples} examples`)
  })

  it('keeps every table row inside its table, where Markdown renders it', () => {
    const lines = doc.split('\n')
    lines.forEach((line, i) => {
      if (!line.startsWith('|')) return
      const startsTable = /^\|[\s-|:]+\|$/.test(lines[i + 1] ?? '')
      assert.ok(startsTable || lines[i - 1]?.startsWith('|'), `line ${i + 1} is a table row outside a table: ${line.slice(0, 60)}`)
    })
  })
})
