import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** A fresh temporary directory, removed by the returned cleanup. */
export function tmpDir(prefix = 'rstatus-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  opts: { timeout?: number; interval?: number; what?: string } = {}
): Promise<T> {
  const { timeout = 20_000, interval = 100, what = 'condition' } = opts
  const deadline = Date.now() + timeout
  let last: unknown = null
  for (;;) {
    try {
      const value = await check()
      if (value) return value
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`)
    }
    await new Promise((r) => setTimeout(r, interval))
  }
}
