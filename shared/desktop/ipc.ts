// The few messages between the Electron main process and the preload. Everything else (the whole RPC
// contract) travels over the MessagePort straight to the engine, so this list stays short on purpose:
// main refuses any channel not named here.

export const IPC = {
  /** preload → main: "give me a port to the engine" (sent on every page load). */
  connect: 'rstatus:connect',
  /** main → preload: the renderer's end of a MessageChannel to the engine, in `event.ports[0]`. */
  enginePort: 'rstatus:engine-port',
  /** main → preload: the engine's state changed (an EngineStatus). */
  engineStatus: 'rstatus:engine-status',
  /** preload → main (invoke): the current EngineStatus. */
  getEngineStatus: 'rstatus:get-engine-status',
  /** preload → main (invoke): start the engine again after it stopped or failed. */
  restartEngine: 'rstatus:restart-engine',
  /** main → preload: show this hash route (from a deep link or a menu item). */
  navigate: 'rstatus:navigate'
} as const

export type IpcChannel = (typeof IPC)[keyof typeof IPC]

/**
 * What the renderer side may ask of main, and how: a one-way `send` or an `invoke` that is answered. Main
 * listens on these channels and nothing else (electron/main/ipc.ts registers exactly this table).
 */
export const FROM_RENDERER = {
  [IPC.connect]: 'send',
  [IPC.getEngineStatus]: 'invoke',
  [IPC.restartEngine]: 'invoke'
} as const

export type RendererChannel = keyof typeof FROM_RENDERER

/** Channels the renderer side may send or invoke; main listens to these and nothing else. */
export const RENDERER_TO_MAIN: ReadonlySet<string> = new Set(Object.keys(FROM_RENDERER))

export type EngineState =
  /** The engine process is starting or opening its data. */
  | 'starting'
  /** Ready: calls are answered. */
  | 'running'
  /** It could not start (for example the data folder is in use by `rstatus serve`); `message` says why. */
  | 'failed'
  /** It exited while it should have been running. */
  | 'crashed'
  /** The app is quitting and the engine is closing its data. */
  | 'stopping'
  | 'stopped'

export interface EngineStatus {
  state: EngineState
  /** One line for a person, set for `failed` and `crashed`. */
  message?: string
}

const STATES: ReadonlySet<string> = new Set<EngineState>(['starting', 'running', 'failed', 'crashed', 'stopping', 'stopped'])

export function isEngineStatus(value: unknown): value is EngineStatus {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.state === 'string' && STATES.has(v.state) && (v.message === undefined || typeof v.message === 'string')
}

const KEY = '[ybndrfg8ejkmcpqxot1uwisza345h769]{52}'
const ROUTE = new RegExp(
  `^/(?:home|notifications|search|follow|sync|settings|profile/${KEY}|status/${KEY}/\\d{1,16})$`
)

/** Hash routes main may ask the page to show (deep links, the Go menu). Anything else is ignored. */
export function isNavigableRoute(route: unknown): route is string {
  return typeof route === 'string' && ROUTE.test(route)
}
