// The application menu: the standard menus every desktop app has (app, edit, view, window, help) with the
// platform's usual shortcuts, plus a Go menu for the app's main screens. Built as plain data so it is tested
// without Electron; main.ts turns it into a Menu.
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  /** Show a hash route such as `/home`. */
  navigate(route: string): void
  back(): void
  forward(): void
  openDataFolder(): void
}

/** Screens reachable from the Go menu, with their shortcuts (CmdOrCtrl+1…). */
export const GO_ROUTES: ReadonlyArray<{ label: string; route: string; accelerator: string }> = [
  { label: 'Home', route: '/home', accelerator: 'CmdOrCtrl+1' },
  { label: 'Notifications', route: '/notifications', accelerator: 'CmdOrCtrl+2' },
  { label: 'Search', route: '/search', accelerator: 'CmdOrCtrl+3' },
  { label: 'Follow Someone', route: '/follow', accelerator: 'CmdOrCtrl+4' },
  { label: 'Sync and Network', route: '/sync', accelerator: 'CmdOrCtrl+5' }
]

const sep: MenuItemConstructorOptions = { type: 'separator' }

export function menuTemplate(platform: NodeJS.Platform, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const settings: MenuItemConstructorOptions = {
    label: mac ? 'Settings…' : 'Settings',
    accelerator: 'CmdOrCtrl+,',
    click: () => actions.navigate('/settings')
  }
  const dataFolder: MenuItemConstructorOptions = { label: 'Open Data Folder', click: () => actions.openDataFolder() }

  const appMenu: MenuItemConstructorOptions = mac
    ? {
        label: 'rstatus',
        submenu: [
          { role: 'about' },
          sep,
          settings,
          sep,
          { role: 'services' },
          sep,
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          sep,
          { role: 'quit' }
        ]
      }
    : { label: '&File', submenu: [settings, dataFolder, sep, { role: 'quit', accelerator: 'Ctrl+Q' }] }

  const editMenu: MenuItemConstructorOptions = {
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      sep,
      { role: 'selectAll' }
    ]
  }

  const viewMenu: MenuItemConstructorOptions = {
    label: mac ? 'View' : '&View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      { role: 'toggleDevTools' },
      sep,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' }
    ]
  }

  const goMenu: MenuItemConstructorOptions = {
    label: mac ? 'Go' : '&Go',
    submenu: [
      { label: 'Back', accelerator: mac ? 'Cmd+[' : 'Alt+Left', click: () => actions.back() },
      { label: 'Forward', accelerator: mac ? 'Cmd+]' : 'Alt+Right', click: () => actions.forward() },
      sep,
      ...GO_ROUTES.map(
        (r): MenuItemConstructorOptions => ({ label: r.label, accelerator: r.accelerator, click: () => actions.navigate(r.route) })
      )
    ]
  }

  const windowMenu: MenuItemConstructorOptions = mac
    ? { role: 'windowMenu' }
    : { label: '&Window', submenu: [{ role: 'minimize' }, { role: 'close' }] }

  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: mac ? 'Help' : '&Help',
    submenu: mac ? [dataFolder] : [dataFolder, sep, { role: 'about', label: 'About rstatus' }]
  }

  return [appMenu, editMenu, viewMenu, goMenu, windowMenu, helpMenu]
}
