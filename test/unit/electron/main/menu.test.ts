import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { MenuItemConstructorOptions } from 'electron'
import { GO_ROUTES, menuTemplate, type MenuActions } from '../../../../electron/main/menu.js'
import { isNavigableRoute } from '../../../../shared/desktop/ipc.js'

function recorder() {
  const calls: string[] = []
  const actions: MenuActions = {
    navigate: (route) => calls.push(`navigate ${route}`),
    back: () => calls.push('back'),
    forward: () => calls.push('forward'),
    openDataFolder: () => calls.push('data')
  }
  return { calls, actions }
}

function items(menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  return Array.isArray(menu.submenu) ? menu.submenu : []
}

function all(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((m) => [m, ...items(m)])
}

function click(item: MenuItemConstructorOptions | undefined) {
  assert.ok(item?.click, `menu item ${item?.label} has no action`)
  ;(item.click as () => void)()
}

for (const platform of ['darwin', 'linux', 'win32'] as const) {
  describe(`the menu on ${platform}`, () => {
    const { calls, actions } = recorder()
    const template = menuTemplate(platform, actions)
    const roles = all(template).map((i) => i.role).filter(Boolean)

    it('has the standard edit roles, so copy and paste work in text fields', () => {
      for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']) assert.ok(roles.includes(role as never), role)
    })

    it('has quit, reload, zoom and full screen', () => {
      for (const role of ['quit', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']) assert.ok(roles.includes(role as never), role)
    })

    it('has app, edit, view, go, window and help menus', () => {
      assert.equal(template.length, 6)
      const labels = template.map((m) => (m.label ?? m.role ?? '').replace('&', '').toLowerCase())
      assert.equal(labels[0], platform === 'darwin' ? 'rstatus' : 'file')
      assert.deepEqual(labels.slice(1, 4), ['edit', 'view', 'go'])
      assert.ok(labels[4] === 'window' || labels[4] === 'windowmenu')
      assert.equal(labels[5], 'help')
    })

    it('goes to the main screens with shortcuts', () => {
      const go = items(template[3]!)
      for (const r of GO_ROUTES) {
        const item = go.find((i) => i.label === r.label)
        assert.equal(item?.accelerator, r.accelerator)
        assert.ok(isNavigableRoute(r.route), r.route)
        click(item)
        assert.equal(calls.at(-1), `navigate ${r.route}`)
      }
      click(go.find((i) => i.label === 'Back'))
      assert.equal(calls.at(-1), 'back')
    })

    it('opens settings with CmdOrCtrl+, and has no duplicate shortcut', () => {
      const settings = all(template).find((i) => typeof i.label === 'string' && i.label.startsWith('Settings'))
      assert.equal(settings?.accelerator, 'CmdOrCtrl+,')
      click(settings)
      assert.equal(calls.at(-1), 'navigate /settings')
      const accels = all(template).map((i) => i.accelerator).filter(Boolean)
      assert.equal(new Set(accels).size, accels.length)
    })

    it('opens the data folder from the menu', () => {
      click(all(template).find((i) => i.label === 'Open Data Folder'))
      assert.equal(calls.at(-1), 'data')
    })
  })
}
