// Which lists the person pinned in the nav, kept in this browser (localStorage) beside the other choices about
// this window (post-settings.ts): a pin arranges one device's screen, while the lists themselves are private
// data on every device.
import { deviceSetting } from '../../api/device-setting.js'

const NONE: readonly string[] = []

/** The pinned list names, in the order they were pinned. */
const pins = deviceSetting<readonly string[]>(
  'rstatus.pinnedLists',
  (stored) => (Array.isArray(stored) ? stored.filter((n): n is string => typeof n === 'string') : NONE),
  NONE
)

export const readPinnedLists = (): readonly string[] => pins.read()

export function setListPinned(name: string, pinned: boolean): void {
  const rest = pins.read().filter((n) => n !== name)
  pins.write(pinned ? [...rest, name] : rest)
}

export const usePinnedLists = (): readonly string[] => pins.use()
