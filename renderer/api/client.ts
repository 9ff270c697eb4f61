// Which transport carries the contract: the Electron preload's bridge when it is there, otherwise a
// WebSocket back to the `rstatus serve` that sent this page.
import type { Api } from '../../shared/api/contract.js'
import type { Connection } from './connection.js'
import { engineConnection, fromPreload, type PreloadBridge } from './preload-client.js'
import { createReconnectingClient } from './websocket-client.js'

let instance: { api: Api; connection: Connection } | null = null

function create(): { api: Api; connection: Connection } {
  if ('rstatus' in window) {
    const bridge = (window as unknown as { rstatus: PreloadBridge }).rstatus
    return { api: fromPreload(bridge), connection: engineConnection(bridge) }
  }
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://'
  const api = createReconnectingClient({ url: `${scheme}${location.host}/rpc`, checkAccess: pageStillOpens })
  return { api, connection: api.connection }
}

/** Asks for the page itself with the session cookie: 401 means the server no longer takes this tab's token. */
async function pageStillOpens(): Promise<boolean | null> {
  try {
    const r = await fetch(location.pathname, { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' })
    return r.status === 401 ? false : r.ok ? true : null
  } catch {
    return null
  }
}

export function getClient(): Api {
  instance ??= create()
  return instance.api
}

export function getConnection(): Connection {
  instance ??= create()
  return instance.connection
}
