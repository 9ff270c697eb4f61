// Main's side of the IPC with the preload, in one place (as electron/fiddle's src/main/ipc.ts): main listens
// on the channels of FROM_RENDERER and on nothing else, and drops every message whose sender is not the main
// frame of our own window showing our own page (an iframe, another window, or a page that navigated elsewhere).
// main.ts hands over Electron's ipcMain and one function per channel; it never calls ipcMain itself.
import { FROM_RENDERER, IPC, type EngineStatus, type RendererChannel } from '../../shared/desktop/ipc.js'
import { isAppUrl } from './app-protocol.js'

export interface SenderInfo {
  /** webContents id of the sender. */
  senderId: number | null
  /** URL of the frame that sent it, if it still exists. */
  frameUrl: string | null
  /** Whether that frame is the top frame of its page. */
  isMainFrame: boolean
}

export function isTrustedSender(sender: SenderInfo, expectedWebContentsId: number | null): boolean {
  if (expectedWebContentsId === null || sender.senderId !== expectedWebContentsId) return false
  if (!sender.isMainFrame || sender.frameUrl === null) return false
  return isAppUrl(sender.frameUrl)
}

/** The parts of Electron's IpcMainEvent / IpcMainInvokeEvent that the check reads. */
export interface IpcEventLike {
  sender: { id: number }
  senderFrame: { url: string; parent: unknown } | null
}

export function senderInfo(event: IpcEventLike): SenderInfo {
  const frame = event.senderFrame
  return {
    senderId: event.sender.id,
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame !== null && frame.parent === null
  }
}

/** The part of Electron's ipcMain this needs. */
export interface IpcMainLike {
  on(channel: string, listener: (event: IpcEventLike) => void): unknown
  handle(channel: string, listener: (event: IpcEventLike) => unknown): void
}

/** What main does for each channel the renderer may use: answers for the invoked ones. */
export interface RendererRequests {
  [IPC.connect](): void
  [IPC.getEngineStatus](): EngineStatus
  [IPC.restartEngine](): void
}

export interface ListenOptions {
  /** The rstatus window's webContents id; null while there is no window. */
  windowId(): number | null
  log(line: string): void
}

/** Registers main's listeners: exactly the channels of FROM_RENDERER, each behind the sender check. */
export function listenToRenderer(ipcMain: IpcMainLike, requests: RendererRequests, opts: ListenOptions): void {
  const trusted = (event: IpcEventLike): boolean => {
    const ok = isTrustedSender(senderInfo(event), opts.windowId())
    if (!ok) opts.log('ignored an IPC message from a frame that is not the rstatus window')
    return ok
  }
  for (const channel of Object.keys(FROM_RENDERER) as RendererChannel[]) {
    const answer = requests[channel] as () => unknown
    if (FROM_RENDERER[channel] === 'send') {
      ipcMain.on(channel, (event) => {
        if (trusted(event)) answer()
      })
    } else {
      ipcMain.handle(channel, (event) => {
        if (!trusted(event)) throw new Error('Refused')
        return answer()
      })
    }
  }
}
