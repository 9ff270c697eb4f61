// What the window may load, open and ask for. Pure decisions, so the rules are tested without Electron;
// security.ts applies them to the session and to every webContents.
import { isAppUrl } from './app-protocol.js'

const MAX_EXTERNAL_URL_CHARS = 4096

/**
 * The URL to hand to shell.openExternal, or null. Only http(s) with a host and no embedded credentials:
 * javascript:, file:, smb:, custom schemes and the like could run or open something local.
 */
export function externalUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > MAX_EXTERNAL_URL_CHARS) return null
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
  if (!u.hostname || u.username || u.password) return null
  return u.href
}

export type NavigationDecision = { allow: true } | { allow: false; openExternal: string | null }

/** In-app navigation stays inside app://rstatus; anything else is stopped, and http(s) goes to the browser. */
export function decideNavigation(url: string): NavigationDecision {
  if (isAppUrl(url)) return { allow: true }
  return { allow: false, openExternal: externalUrl(url) }
}

/** window.open and target=_blank never create a window; http(s) links open in the system browser. */
export function decideWindowOpen(url: string): { action: 'deny'; openExternal: string | null } {
  return { action: 'deny', openExternal: externalUrl(url) }
}

export interface PermissionContext {
  requestingUrl?: string | undefined
  isMainFrame?: boolean | undefined
}

/**
 * Every permission is refused, with one exception: writing text to the clipboard from the app's own page,
 * which the Copy buttons (key, link) need. Reading the clipboard stays refused.
 */
export function allowPermission(permission: string, ctx: PermissionContext): boolean {
  if (permission !== 'clipboard-sanitized-write') return false
  return ctx.isMainFrame !== false && typeof ctx.requestingUrl === 'string' && isAppUrl(ctx.requestingUrl)
}

const LOCAL_SCHEMES: ReadonlySet<string> = new Set(['app:', 'data:', 'blob:', 'devtools:'])

/** Network requests the session lets through: the app's own files and in-memory data. Nothing remote. */
export function isAllowedRequest(url: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.protocol === 'app:') return isAppUrl(url)
  return LOCAL_SCHEMES.has(u.protocol)
}
