// Bundles the views thread's entry (dist/electron/engine/views/worker-entry.js, from tsc) and what it imports
// into one file, worker-bundle.js beside it, which ViewsWorker starts. A cold start's first page waits for
// this thread: loaded file by file, Node resolved, read and compiled about 70 CommonJS and 40 ES modules in
// it, about half of the thread's start (docs/BENCHMARKS.md, Findings 4). Run by `npm run build:node`.
//
// The one part kept out is rocksdb-native's native addon: `require-addon` finds its prebuild from the
// package's own folder, so the bundle asks for it by the package's resolved path, as binding.js does.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { rolldown } from 'rolldown'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIR = path.join(ROOT, 'dist/electron/engine/views')
const ADDON = '\0rocksdb-native-addon'

const bundle = await rolldown({
  input: path.join(DIR, 'worker-entry.js'),
  platform: 'node',
  logLevel: 'warn',
  plugins: [
    {
      name: 'rocksdb-native-addon',
      resolveId(id, importer) {
        const fromRocks = importer !== undefined && importer.split(path.sep).includes('rocksdb-native')
        return fromRocks && (id === './binding' || id === '../binding') ? ADDON : null
      },
      load(id) {
        return id === ADDON ? "module.exports = require('require-addon')('.', require.resolve('rocksdb-native'))" : null
      }
    }
  ]
})
await bundle.write({
  file: path.join(DIR, 'worker-bundle.js'),
  format: 'esm',
  // The bundled CommonJS packages (and the addon above) call require(): give them Node's, from here.
  banner: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);"
})
await bundle.close()
