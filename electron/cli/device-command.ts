// `rstatus device …`: pair this identity with another device, list its devices, remove one.
import type { Devices } from '../../shared/api/devices.js'
import type { DeviceCommand } from './device-args.js'
import { readDeviceCode } from './device-code.js'
import { Failure, naming } from './exit.js'
import type { Io } from './output.js'
import type { Peer } from './peer.js'

const POLL_MS = 500
/** How long to wait, once a device is listed, for its own side of the link to arrive. */
const LINK_GRACE_MS = 15_000
/** After joining, how long to wait for the identity's feed, so whoami and timeline show it at once. */
const FIRST_SYNC_MS = 20_000

export async function runDevice(cmd: DeviceCommand, peer: Peer, io: Io): Promise<number> {
  const { api } = peer
  switch (cmd.action) {
    case 'invite': {
      const before = new Set((await api.call('devices', {})).devices.map((d) => d.key))
      const invite = await api.call('deviceInvite', { timeout: cmd.timeoutS })
      io.out(invite.code)
      io.err(`On the new device, run rstatus device join and paste the code above at its prompt. Waiting up to ${cmd.timeoutS} s…`)
      // A device is listed once this identity wrote its device record; it is linked once its own first record
      // arrived here, which also means it got the answer. Wait for that a little, so the answer is not cut off.
      let listedAt: number | null = null
      for (;;) {
        const joined = (await api.call('devices', {})).devices.find((d) => !before.has(d.key))
        if (joined) listedAt ??= Date.now()
        if (joined && (joined.state === 'linked' || Date.now() - listedAt! > LINK_GRACE_MS)) {
          // The new device needs this identity's feed (its device record included) before this one goes
          // offline, or it cannot tell that it is linked until the two are online together again.
          await peer.untilOwnFeedShared(LINK_GRACE_MS)
          io.out(`device ${joined.key} joined`)
          return 0
        }
        if (!joined && Date.now() > invite.expiresAt) throw new Failure(`no device joined within ${cmd.timeoutS} s; the code no longer works`)
        await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      }
    }
    case 'join': {
      const code = cmd.code ?? (await readDeviceCode({ input: process.stdin, prompt: process.stderr }))
      const joined = await api.call('deviceJoin', { code })
      io.out(`joined ${joined.identity} as device ${joined.device}`)
      await peer.sync(FIRST_SYNC_MS).catch(() => null)
      return 0
    }
    case 'list': {
      const devices = await api.call('devices', {})
      io.out(cmd.json ? JSON.stringify(devices) : formatDevices(devices))
      return 0
    }
    case 'remove': {
      const removed = await naming(api.call('deviceRemove', { key: cmd.key }))
      io.out(`removed ${removed.key}; its statuses from block ${removed.after} on are ignored`)
      return 0
    }
  }
}

export function formatDevices(d: Devices): string {
  const rows = d.devices.map((dev) => {
    const notes = [
      dev.primary ? 'first device (the identity)' : dev.state === 'removed' ? `removed: blocks from ${dev.removedAfter} on are ignored` : dev.state,
      dev.thisDevice ? 'this device' : ''
    ].filter(Boolean)
    return `${dev.key}  ${notes.join(', ')}`
  })
  return [`identity ${d.identity}`, ...rows].join('\n')
}
