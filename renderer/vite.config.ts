// One config for the renderer's build and its component tests. The root is renderer/, the build goes to
// dist/renderer with relative asset paths so the same files load from file:// (Electron) and from
// `rstatus serve`.
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

const here = fileURLToPath(new URL('.', import.meta.url))
const repo = fileURLToPath(new URL('..', import.meta.url))

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${repo}dist/renderer`,
    emptyOutDir: true,
    // the preload polyfill would be an inline script under a CSP that forbids them
    modulePreload: { polyfill: false },
    // icons stay files ('self'), not data: URLs a stricter CSP would refuse
    assetsInlineLimit: 0,
    sourcemap: true
  },
  server: { fs: { allow: [repo] } },
  test: {
    root: repo,
    include: ['test/renderer/**/*.test.tsx'],
    environment: 'jsdom',
    setupFiles: ['test/renderer/setup.ts'],
    restoreMocks: true,
    // jsdom renders slowly when the machine is busy: the tests wait for what they need (findBy…), and vitest's
    // 5 s default ended some of them under load, although nothing was wrong
    testTimeout: 20_000
  }
})
