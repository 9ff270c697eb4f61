// The shape of the source tree, read from the imports of every file under electron/, shared/ and renderer/
// (type-only imports included): no import circles, and the seams between processes hold.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

// Compiled to <outDir>/test/unit/, three levels below the repository.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const SOURCES = ['electron', 'shared', 'renderer']

interface SourceFile {
  /** Repository-relative, with forward slashes. */
  file: string
  /** Repository-relative files this one imports. */
  imports: string[]
  /** Package names this one imports (the part before any '/'). */
  packages: string[]
}

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(rel)
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : []
  })
}

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm

function resolve(from: string, spec: string): string | null {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec))
  const stem = base.replace(/\.js$/, '')
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, base]) {
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate
  }
  return null
}

const files: SourceFile[] = SOURCES.flatMap(walk).map((file) => {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8')
  const imports: string[] = []
  const packages: string[] = []
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3]!
    if (spec.startsWith('.')) {
      const target = resolve(file, spec)
      if (target) imports.push(target)
    } else {
      packages.push(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!)
    }
  }
  return { file, imports, packages }
})
const byFile = new Map(files.map((f) => [f.file, f]))

/** Every import circle, each as the files around it (Tarjan's strongly connected components). */
function circles(): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of byFile.get(v)?.imports ?? []) {
      if (!byFile.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || byFile.get(v)!.imports.includes(v)) found.push(component.sort())
    }
  }
  for (const f of byFile.keys()) if (!index.has(f)) visit(f)
  return found
}

/** Every file `start` reaches through its imports, itself included. */
function reach(start: string): Set<string> {
  const seen = new Set<string>([start])
  const todo = [start]
  while (todo.length > 0) {
    for (const next of byFile.get(todo.pop()!)?.imports ?? []) {
      if (!seen.has(next)) {
        seen.add(next)
        todo.push(next)
      }
    }
  }
  return seen
}

const under = (dir: string) => (file: string) => file.startsWith(dir + '/')

describe('the import graph', () => {
  it('reads the whole tree', () => {
    // A broken reader would find no files, or no imports, and every check below would pass on nothing.
    assert.ok(files.length > 200, `${files.length} files`)
    assert.ok(byFile.get('electron/engine/engine.ts')!.imports.includes('electron/engine/writer/feed-writer.ts'))
    assert.ok(byFile.get('renderer/main.tsx')!.imports.length > 0)
  })

  it('has no import circles among source files', () => {
    assert.deepEqual(circles(), [])
  })

  it('keeps the Electron main process apart from the engine: main starts the engine process by path', () => {
    const engine = (f: string) => under('electron/engine')(f) || under('electron/engine-process')(f)
    for (const main of files.filter((f) => under('electron/main')(f.file))) {
      assert.deepEqual([...reach(main.file)].filter(engine), [], `${main.file} reaches the engine`)
    }
  })

  it('imports the engine process from nowhere', () => {
    const importers = files.filter((f) => !under('electron/engine-process')(f.file) && f.imports.some(under('electron/engine-process')))
    assert.deepEqual(importers.map((f) => f.file), [])
  })

  it('lets only the desktop shell (main and preload) import electron', () => {
    const users = files.filter((f) => f.packages.includes('electron')).map((f) => f.file)
    assert.deepEqual(users.filter((f) => !under('electron/main')(f) && !under('electron/preload')(f)), [])
  })

  it('keeps shared/ free of electron/ and renderer/: imports flow one way', () => {
    const shared = files.filter((f) => under('shared')(f.file))
    assert.deepEqual(shared.filter((f) => f.imports.some((i) => !under('shared')(i))).map((f) => f.file), [])
  })
})
