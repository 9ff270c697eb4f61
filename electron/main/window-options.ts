// The one window's options. The webPreferences are the security baseline (docs/SECURITY.md):
// the page gets no Node, runs sandboxed in its own world, and can reach main only through the preload.
import type { BrowserWindowConstructorOptions } from 'electron'
import { MIN_HEIGHT, MIN_WIDTH, type WindowState } from './window-state.js'

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (CommonJS, sandbox-compatible). */
  preloadPath: string
  state: WindowState
  /** Window icon for Linux and Windows during development; packaged builds use the installed icon. */
  iconPath?: string | undefined
  /** Paint the first frame in the theme's colour, so a dark desktop sees no white flash. */
  dark: boolean
}

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { state } = input
  const options: BrowserWindowConstructorOptions = {
    title: 'rstatus',
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    // shown on 'ready-to-show', so the window never appears blank
    show: false,
    backgroundColor: input.dark ? '#15171a' : '#ffffff',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true
    }
  }
  if (state.x !== undefined && state.y !== undefined) {
    options.x = state.x
    options.y = state.y
  }
  if (input.iconPath) options.icon = input.iconPath
  return options
}
