// Applies web-policy.ts to Electron: the session (permissions, network requests) and every webContents
// (navigation, new windows, <webview>). Takes small interfaces rather than Electron's classes, so the wiring
// itself is tested with fakes.
import { allowPermission, decideNavigation, decideWindowOpen, isAllowedRequest } from './web-policy.js'

interface PermissionDetails {
  requestingUrl?: string | undefined
  isMainFrame?: boolean | undefined
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetails) => void
  ): void
  setPermissionCheckHandler(
    handler: (contents: unknown, permission: string, requestingOrigin: string, details: PermissionDetails) => boolean
  ): void
  webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void): void
  }
}

export function hardenSession(session: SessionLike, log: (line: string) => void = () => {}): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = allowPermission(permission, details)
    if (!granted) log(`refused permission request: ${permission}`)
    callback(granted)
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowPermission(permission, { requestingUrl: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame })
  )
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url)
    if (!allowed) log(`blocked request to ${scheme(details.url)} URL`)
    callback({ cancel: !allowed })
  })
}

interface NavigationEvent {
  url: string
  preventDefault(): void
}

export interface ContentsLike {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/** Called with URLs that passed externalUrl(): http(s) only. */
export type OpenExternal = (url: string) => void

export function hardenContents(contents: ContentsLike, openExternal: OpenExternal): void {
  const guard = (event: NavigationEvent) => {
    const decision = decideNavigation(event.url)
    if (decision.allow) return
    event.preventDefault()
    if (decision.openExternal) openExternal(decision.openExternal)
  }
  contents.on('will-navigate', guard)
  contents.on('will-frame-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url)
    if (decision.openExternal) openExternal(decision.openExternal)
    return { action: decision.action }
  })
}

function scheme(url: string): string {
  const i = url.indexOf(':')
  return i > 0 && i < 20 ? url.slice(0, i) : 'a malformed'
}
