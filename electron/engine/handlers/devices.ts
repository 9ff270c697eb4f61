// The handlers of shared/api/devices.ts: one identity on several devices (devices/devices.ts).
import { DEFAULT_INVITE_SECONDS, type devices } from '../../../shared/api/devices.js'
import { parseRef } from '../../../shared/keys.js'
import type { Devices } from '../devices/devices.js'
import type { AreaHandlers } from './api.js'

/** How long `deviceJoin` waits for the inviting device by default. */
const JOIN_SECONDS = 60

export interface DeviceServices {
  devices: Pick<Devices, 'devices' | 'invite' | 'cancelInvite' | 'join' | 'removeDevice'>
}

export function deviceHandlers(s: DeviceServices): AreaHandlers<typeof devices> {
  return {
    devices: () => s.devices.devices(),
    deviceInvite: ({ timeout }) => s.devices.invite((timeout ?? DEFAULT_INVITE_SECONDS) * 1000),
    deviceInviteCancel: async ({ code }) => ({ cancelled: await s.devices.cancelInvite(code.trim()) }),
    deviceJoin: ({ code, timeout }) => s.devices.join(code, (timeout ?? JOIN_SECONDS) * 1000),
    deviceRemove: ({ key }) => s.devices.removeDevice(parseRef(key).key)
  }
}
