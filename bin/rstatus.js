#!/usr/bin/env node
// The `rstatus` command: runs the compiled CLI (npm install builds it, through the "prepare" script).
import { existsSync } from 'node:fs'

const main = new URL('../dist/electron/cli/main.js', import.meta.url)
if (!existsSync(main)) {
  process.stderr.write('rstatus: run npm install (it builds rstatus) first\n')
  process.exit(1)
}
const { run } = await import(main.href)
await run()
