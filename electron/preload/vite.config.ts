// Bundles the preload into dist/preload/preload.cjs: one CommonJS file whose only require is 'electron',
// as a sandboxed preload demands. `vite build --config electron/preload/vite.config.ts`
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, type InlineConfig } from 'vite'

export const PRELOAD_FILE = 'preload.cjs'

export function preloadBuildConfig(root: string, outDir = path.join(root, 'dist', 'preload')): InlineConfig {
  return {
    configFile: false,
    root,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      // Electron 45 ships Chromium 140
      target: 'chrome130',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      lib: {
        entry: path.join(root, 'electron', 'preload', 'preload.ts'),
        formats: ['cjs'],
        fileName: () => PRELOAD_FILE
      },
      rolldownOptions: {
        external: ['electron']
      }
    }
  }
}

/** The repository root: the nearest folder above this file with rstatus's package.json. */
export function findRoot(from: string): string {
  let dir = from
  for (;;) {
    const pkg = path.join(dir, 'package.json')
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'rstatus') return dir
    const up = path.dirname(dir)
    if (up === dir) throw new Error('Cannot find the rstatus package.json above ' + from)
    dir = up
  }
}

export default defineConfig(preloadBuildConfig(findRoot(path.dirname(fileURLToPath(import.meta.url)))))
