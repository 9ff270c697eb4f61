// Every IPC message is checked for where it came from: the main frame of our own window, showing our own page.
// A message from an iframe, another window, or a page that navigated elsewhere is dropped.
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
