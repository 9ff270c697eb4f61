// The preload of the rstatus window (sandboxed, context-isolated). Bundled by vite into one CommonJS file,
// dist/preload/preload.cjs, because a sandboxed preload can require nothing but 'electron'.
import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge.js'

const page = globalThis as unknown as { location: { hash: string } }

const bridge = createBridge(ipcRenderer, {
  navigate(hash) {
    page.location.hash = hash
  }
})

contextBridge.exposeInMainWorld('rstatus', bridge)
