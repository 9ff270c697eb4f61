// The Electron main process: one window, one engine, and the doors between them. Thin wiring only; every
// decision lives in a module next to this one and is tested under plain Node.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  nativeTheme,
  protocol,
  screen,
  session,
  shell,
  utilityProcess
} from 'electron'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultDataDir, preparePrivateDir } from '../platform/data-dir.js'
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appPageUrl } from './app-protocol.js'
import { appProtocolHandler } from './app-protocol-handler.js'
import { deepLinkRoute, findDeepLink, protocolClientArgs } from './deep-link.js'
import { engineDialog } from './engine-dialog.js'
import { engineArgs } from '../../shared/desktop/engine-control.js'
import { EngineSupervisor } from './engine-supervisor.js'
import { IPC, isNavigableRoute, type EngineStatus } from '../../shared/desktop/ipc.js'
import { listenToRenderer } from './ipc.js'
import { menuTemplate } from './menu.js'
import { appPaths } from './paths.js'
import { hardenContents, hardenSession } from './security.js'
import { externalUrl } from './web-policy.js'
import { fitWindowState, readWindowState, stateFromWindow, WINDOW_STATE_FILE, writeWindowState } from './window-state.js'
import { windowOptions } from './window-options.js'

const log = (line: string) => console.error(`rstatus: ${line}`)
const paths = appPaths(path.dirname(fileURLToPath(import.meta.url)))

// The desktop app and the CLI share one data folder, so `rstatus` commands see the app's identity; Electron's
// own files (cache, local storage) live there too, private to the user like the rest.
const dataDir = defaultDataDir()

if (openDataDir(dataDir)) {
  app.setPath('userData', dataDir)
  app.enableSandbox()
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])
  if (app.requestSingleInstanceLock()) runShell()
  // else: the first instance gets our argv through 'second-instance' and focuses its window
  else app.quit()
}

function openDataDir(dir: string): boolean {
  try {
    preparePrivateDir(dir)
    return true
  } catch (err) {
    dialog.showErrorBox('rstatus cannot start', `The data folder ${dir} cannot be used: ${(err as Error).message}`)
    app.exit(1)
    return false
  }
}

function runShell(): void {
  let win: BrowserWindow | null = null
  let pageLoaded = false
  let pendingRoute: string | null = null
  let pendingProblem: string | null = null
  let engineDialogOpen = false
  let engineClosed = false
  let quitting = false
  const stateFile = path.join(dataDir, WINDOW_STATE_FILE)

  const supervisor = new EngineSupervisor({
    spawn: () =>
      utilityProcess.fork(paths.engineEntry, engineArgs(dataDir), { serviceName: 'rstatus engine', stdio: 'inherit' }),
    onStatus: (status) => {
      if (win && !win.isDestroyed()) win.webContents.send(IPC.engineStatus, status)
      offerRestart(status)
    },
    log
  })

  function openExternal(url: string) {
    const safe = externalUrl(url)
    if (safe) shell.openExternal(safe).catch((err: Error) => log(`could not open a link: ${err.message}`))
  }

  // ---- deep links --------------------------------------------------------------------------------

  function openLink(link: string) {
    const result = deepLinkRoute(link)
    if (!result.ok) {
      showBadLink(result.message)
      return
    }
    if (win && pageLoaded) {
      focusWindow()
      win.webContents.send(IPC.navigate, result.route)
    } else {
      // shown once the page has loaded; a macOS app with its window closed opens one for it
      pendingRoute = result.route
      if (!win && app.isReady()) createWindow()
    }
  }

  function showBadLink(message: string) {
    if (!app.isReady()) {
      pendingProblem = message
      return
    }
    const options = { type: 'warning' as const, message: 'rstatus cannot open this link', detail: message, buttons: ['OK'] }
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
  }

  app.on('open-url', (event, url) => {
    event.preventDefault()
    openLink(url)
  })
  app.on('second-instance', (_event, argv) => {
    focusWindow()
    const link = findDeepLink(argv)
    if (link) openLink(link)
  })
  const firstLink = findDeepLink(process.argv)
  if (firstLink) openLink(firstLink)

  // ---- the window --------------------------------------------------------------------------------

  function focusWindow() {
    if (!win) {
      if (app.isReady()) createWindow()
      return
    }
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }

  function createWindow() {
    const state = fitWindowState(
      readWindowState(stateFile),
      screen.getAllDisplays().map((d) => d.workArea)
    )
    const w = new BrowserWindow(
      windowOptions({
        preloadPath: paths.preloadPath,
        state,
        iconPath: process.platform !== 'darwin' && fs.existsSync(paths.iconPath) ? paths.iconPath : undefined,
        dark: nativeTheme.shouldUseDarkColors
      })
    )
    win = w
    pageLoaded = false
    w.once('ready-to-show', () => {
      if (state.maximized) w.maximize()
      w.show()
    })
    w.on('close', () => {
      writeWindowState(stateFile, stateFromWindow(w.getNormalBounds(), w.isMaximized()))
    })
    w.on('closed', () => {
      if (win === w) win = null
    })
    w.webContents.on('did-finish-load', () => {
      pageLoaded = true
      if (pendingRoute) {
        w.webContents.send(IPC.navigate, pendingRoute)
        pendingRoute = null
      }
    })
    w.webContents.on('did-start-loading', () => {
      pageLoaded = false
    })
    w.webContents.on('render-process-gone', (_event, details) => log(`the window's page stopped (${details.reason})`))
    const route = pendingRoute
    pendingRoute = null
    void w.loadURL(appPageUrl(route ?? undefined))
  }

  // ---- the engine and its ports ------------------------------------------------------------------

  function connectRenderer() {
    if (!win || win.isDestroyed()) return
    const { port1, port2 } = new MessageChannelMain()
    if (!supervisor.connect(port1)) {
      port1.close()
      port2.close()
      return
    }
    win.webContents.postMessage(IPC.enginePort, null, [port2])
  }

  function offerRestart(status: EngineStatus) {
    const d = engineDialog(status)
    if (!d || engineDialogOpen || quitting || !app.isReady()) return
    engineDialogOpen = true
    const options = { type: d.type, message: d.message, detail: d.detail, buttons: d.buttons, defaultId: d.restartButton, cancelId: 1 - d.restartButton, noLink: true }
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)).then(({ response }) => {
      engineDialogOpen = false
      if (response === d.restartButton) {
        if (supervisor.restart()) connectRenderer()
      } else {
        app.quit()
      }
    })
  }

  listenToRenderer(
    ipcMain,
    {
      [IPC.connect]: () => connectRenderer(),
      [IPC.getEngineStatus]: () => supervisor.status,
      [IPC.restartEngine]: () => {
        if (supervisor.restart()) connectRenderer()
      }
    },
    { windowId: () => (win && !win.isDestroyed() ? win.webContents.id : null), log }
  )

  // ---- lifecycle ---------------------------------------------------------------------------------

  app.on('web-contents-created', (_event, contents) => hardenContents(contents, openExternal))

  app.on('before-quit', (event) => {
    quitting = true
    if (engineClosed || !supervisor.alive) return
    // Close the engine first (swarm destroyed, store closed), bounded; then quit for real.
    event.preventDefault()
    void supervisor.stop().finally(() => {
      engineClosed = true
      app.quit()
    })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (!win && app.isReady()) createWindow()
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, appProtocolHandler(paths.rendererDir))
    hardenSession(session.defaultSession, log)
    app.setAboutPanelOptions({ applicationName: 'rstatus', applicationVersion: app.getVersion() })
    if (process.platform === 'win32') app.setAppUserModelId('org.rstatus.app')
    app.setAsDefaultProtocolClient(...protocolClientArgs(process.defaultApp === true, process.execPath, process.argv[1]))
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(process.platform, {
          navigate: (route) => {
            if (win && isNavigableRoute(route)) win.webContents.send(IPC.navigate, route)
          },
          back: () => win?.webContents.navigationHistory.goBack(),
          forward: () => win?.webContents.navigationHistory.goForward(),
          openDataFolder: () => void shell.openPath(dataDir)
        })
      )
    )
    supervisor.start()
    createWindow()
    if (pendingProblem) {
      showBadLink(pendingProblem)
      pendingProblem = null
    }
  })
}
