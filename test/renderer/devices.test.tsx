import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ALICE, BOB, FakeApi, ME } from './fake-api.js'
import { renderApp } from './render.js'

describe('devices', () => {
  it('invites a device with a one-time code and a QR code, then shows it joined', async () => {
    const api = new FakeApi()
    renderApp(api, '#/devices')
    const user = userEvent.setup()
    const invite = await screen.findByRole('region', { name: 'Invite a device' })
    await user.click(within(invite).getByRole('button', { name: 'Invite a device' }))
    expect(api.callsOf('deviceInvite')).toEqual([{}])
    expect(within(invite).getByLabelText('One-time code').textContent).toBe('y'.repeat(106))
    expect(within(invite).getByRole('img', { name: 'QR code of the one-time code' }).querySelector('path')?.getAttribute('d')).toMatch(/^M/)
    expect(within(invite).getByRole('status').textContent).toMatch(/Waiting for the new device/)

    api.devices = { ...api.devices, devices: [...api.devices.devices, { key: BOB, primary: false, thisDevice: false, state: 'linked', removedAfter: null }] }
    expect(await within(invite).findByText(/A device joined/, {}, { timeout: 5000 })).toBeTruthy()
    expect(screen.getByRole('listitem', { name: /^Device / })).toBeTruthy()
  })

  it('removes a device after asking', async () => {
    const api = new FakeApi()
    api.devices = {
      ...api.devices,
      devices: [...api.devices.devices, { key: BOB, primary: false, thisDevice: false, state: 'linked', removedAfter: null }]
    }
    renderApp(api, '#/devices')
    const user = userEvent.setup()
    const row = await screen.findByRole('listitem', { name: /^Device / })
    expect(within(row).getByText('Linked')).toBeTruthy()
    await user.click(within(row).getByRole('button', { name: /^Remove/ }))
    const dialog = screen.getByRole('alertdialog', { name: 'Remove this device?' })
    expect(api.callsOf('deviceRemove')).toEqual([])
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }))
    expect(api.callsOf('deviceRemove')).toEqual([{ key: BOB }])
    expect(await screen.findByText(/Removed: what it writes from block 7 on is ignored/)).toBeTruthy()
    expect(screen.getByRole('listitem', { name: 'First device (your identity)' })).toBeTruthy()
  })

  it('on a second device, neither invites nor removes', async () => {
    const api = new FakeApi()
    api.devices = {
      identity: ALICE,
      device: ME,
      canManage: false,
      canJoin: false,
      devices: [
        { key: ALICE, primary: true, thisDevice: false, state: 'linked', removedAfter: null },
        { key: ME, primary: false, thisDevice: true, state: 'linked', removedAfter: null }
      ]
    }
    renderApp(api, '#/devices')
    expect(await screen.findByText(/Invite and remove devices from your first device/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Invite a device' })).toBeNull()
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull()
    expect(within(screen.getByRole('listitem', { name: /^Device / })).getByText('This device')).toBeTruthy()
  })

  it('offers to join another identity only while this device has written nothing', async () => {
    const api = new FakeApi()
    api.devices = { ...api.devices, canJoin: true }
    const { unmount } = renderApp(api, '#/devices')
    expect(await screen.findByText('Use an identity you already have on another device')).toBeTruthy()
    unmount()
    renderApp(new FakeApi(), '#/devices')
    await screen.findByRole('region', { name: 'Your devices' })
    expect(screen.queryByText('Use an identity you already have on another device')).toBeNull()
  })

  it('pairs a fresh install from onboarding, before a name is chosen', async () => {
    const api = new FakeApi({ myName: null })
    renderApp(api)
    const user = userEvent.setup()
    await user.click(await screen.findByText(/Already use rstatus on another device/))
    await user.type(screen.getByLabelText('Code from your other device'), ` ${'y'.repeat(106)} `)
    await user.click(screen.getByRole('button', { name: 'Pair this device' }))
    expect(api.callsOf('deviceJoin')).toEqual([{ code: 'y'.repeat(106) }])
    expect(api.callsOf('setProfile')).toEqual([])
    expect(await screen.findByRole('heading', { name: "You're all set" })).toBeTruthy()
  })
})
