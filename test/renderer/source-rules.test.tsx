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

  it('never import from electron/', () => {
    expect(files.filter((f) => /from ['"][./]*electron\//.test(f.text)).map((f) => f.file)).toEqual([])
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
