// The reader's and writer's own choices about posts, kept in this browser (localStorage): link cards when
// posting, warnings always open, and warnings whose words hide a status.
import { deviceSetting } from '../../api/device-setting.js'

export interface PostSettings {
  /** Fetch a link card when posting (once, by this app; readers never fetch). */
  linkCards: boolean
  /** Show every content warning opened. */
  expandWarnings: boolean
  /** Statuses whose warning holds one of these words are hidden (case-insensitive). */
  hiddenWarningWords: string[]
}

const DEFAULTS: PostSettings = { linkCards: true, expandWarnings: false, hiddenWarningWords: [] }

const setting = deviceSetting<PostSettings>(
  'rstatus.postSettings',
  (stored) => {
    const parsed = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<PostSettings>
    return {
      linkCards: typeof parsed.linkCards === 'boolean' ? parsed.linkCards : DEFAULTS.linkCards,
      expandWarnings: typeof parsed.expandWarnings === 'boolean' ? parsed.expandWarnings : DEFAULTS.expandWarnings,
      hiddenWarningWords: Array.isArray(parsed.hiddenWarningWords) ? parsed.hiddenWarningWords.filter((w): w is string => typeof w === 'string') : []
    }
  },
  DEFAULTS
)

export const readPostSettings = (): PostSettings => setting.read()

export function writePostSettings(patch: Partial<PostSettings>): void {
  setting.write({ ...setting.read(), ...patch })
}

export const usePostSettings = (): PostSettings => setting.use()

/** Whether a warning holds one of the words the reader hides. */
export function warningHidden(cw: string | undefined, words: readonly string[]): boolean {
  if (cw === undefined) return false
  const text = cw.toLowerCase()
  return words.some((w) => w.trim() !== '' && text.includes(w.trim().toLowerCase()))
}
