// Rules about the renderer's source that no single component test would catch.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '../../renderer')

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return sources(full)
    return /\.(tsx?|html)$/.test(e.name) ? [full] : []
  })
}

const files = sources(ROOT).map((file) => ({ file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') }))

describe('renderer sources', () => {
  it('never render HTML from strings', () => {
    expect(files.filter((f) => /dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|document\.write/.test(f.text)).map((f) => f.file)).toEqual([])
  })

  it('import nothing from electron/ but the type of the object the preload exposes', () => {
    const imports = files.flatMap((f) => [...f.text.matchAll(/^import (type )?[^\n]*from ['"]([./]*electron\/[^'"]+)['"]/gm)].map((m) => ({ file: f.file, type: !!m[1], from: m[2]! })))
    expect(imports.filter((i) => !i.type || !/^[./]*electron\/preload\/bridge\.js$/.test(i.from))).toEqual([])
    // The bridge's type is derived from what the preload exposes, never written out again here.
    expect(imports).toEqual([{ file: 'api/preload-client.ts', type: true, from: '../../electron/preload/bridge.js' }])
  })

  it('keep features apart: a feature imports no other feature', () => {
    const crossing = files.filter((f) => {
      const m = /^features\/([^/]+)\//.exec(f.file)
      if (!m) return false
      return [...f.text.matchAll(/from '\.\.\/([^./][^/']*)\//g)].some((i) => i[1] !== m[1] && !['..'].includes(i[1]!))
    })
    expect(crossing.map((f) => f.file)).toEqual([])
  })

  it('have no inline script or style in index.html', () => {
    const html = fs.readFileSync(path.join(ROOT, 'index.html'), 'utf8')
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    expect(html).not.toMatch(/<style|\sstyle=/)
  })
})
