// Where a peer keeps its data, and the guarantees around it: one folder per identity, private to the user
// (0700, files 0600), held by one process at a time.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { RstatusError } from '../../shared/errors.js'

export const APP_NAME = 'rstatus'

/** The per-OS app data directory; the desktop app's userData is the same folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.RSTATUS_DATA) return path.resolve(env.RSTATUS_DATA)
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME)
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME)
}

export interface DataPaths {
  root: string
  /** Corestore: the own feed (and its secret key), followed feeds. */
  store: string
  /** RocksDB views; derived data, rebuilt from the store when missing or damaged. */
  views: string
  /** RocksDB: first sightings of statuses dated in the future, kept across reindex (views/first-seen.ts opens it beside `views`). */
  firstSeen: string
  lock: string
  /** Written by `rstatus serve` so other commands can route through it. */
  serveInfo: string
  /** The UI's token, kept across restarts of `rstatus serve` (serve/ui-token.ts). */
  uiToken: string
  /** What this peer learned about the network that no feed says (frozen feeds). */
  state: string
  /** Present while a restored identity has not yet fetched its own feed from the network. */
  restored: string
  /** Per-app access tokens, hashed (app-tokens.ts). */
  appTokens: string
  /** The mirrors asked to keep this person's cores (engine/mirrors/mirror-list.ts). */
  mirrors: string
  /** RocksDB: the Twitter-compatible API's status and user ids (serve/twitter-api/ids.ts); kept across reindex. */
  twitterIds: string
  /** Checked domain handles and whether checks are on (engine/handles/handle-cache.ts). */
  handles: string
  /** The public half of the network key, so a cold start answers whoami before the store opens (engine/peer-key-file.ts). */
  peerKey: string
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    store: path.join(root, 'store'),
    views: path.join(root, 'views'),
    firstSeen: path.join(root, 'views-first-seen'),
    lock: path.join(root, 'rstatus.lock'),
    serveInfo: path.join(root, 'serve.json'),
    uiToken: path.join(root, 'ui-token'),
    state: path.join(root, 'state.json'),
    restored: path.join(root, 'restored'),
    appTokens: path.join(root, 'app-tokens.json'),
    mirrors: path.join(root, 'mirrors.json'),
    twitterIds: path.join(root, 'twitter-ids'),
    handles: path.join(root, 'handles.json'),
    peerKey: path.join(root, 'peer-key.json')
  }
}

/**
 * Creates the data directory private to the user. The umask makes every file RocksDB and Corestore create
 * later 0600 as well, since the store holds the feed's secret key.
 */
export function preparePrivateDir(dir: string): void {
  process.umask(0o077)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.chmodSync(dir, 0o700)
}

/**
 * Tightens what rstatus keeps in the data directory (left loose by an older install or a copied backup).
 * Only its own entries: --data may name a folder that also holds other files, and theirs are not ours to
 * change (a recursive chmod would strip every script's execute bit).
 */
export function restrictDataFiles(paths: DataPaths): void {
  for (const p of [paths.store, paths.views, paths.firstSeen, paths.lock, paths.serveInfo, paths.uiToken, paths.state, paths.restored, paths.appTokens, paths.twitterIds]) restrictTree(p)
}

/** 0700 for folders, 0600 for files, at and below p; links are not followed. */
function restrictTree(p: string): void {
  let st: fs.Stats
  try {
    st = fs.lstatSync(p)
  } catch {
    // not there: nothing to tighten
    return
  }
  if (st.isFile()) return fs.chmodSync(p, 0o600)
  if (!st.isDirectory()) return
  fs.chmodSync(p, 0o700)
  for (const name of fs.readdirSync(p)) restrictTree(path.join(p, name))
}

export function assertUsableDir(dir: string): void {
  try {
    const st = fs.statSync(dir)
    if (!st.isDirectory()) throw new RstatusError('INVALID_INPUT', `The data directory ${dir} is not a folder`)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw err
  }
}
