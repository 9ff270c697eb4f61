// `rstatus serve`: the peer stays online and serves the app on 127.0.0.1 until SIGINT or SIGTERM, then
// shuts down in order: no new clients (serve.json removed), web server closed, engine closed.
import type { SyncState } from '../../shared/api/follows.js'
import { isRstatusError, RstatusError } from '../../shared/errors.js'
import { printableText } from '../../shared/printable.js'
import { dataPaths } from '../platform/data-dir.js'
import type { Engine } from '../engine/engine.js'
import { removeServeInfo, writeServeInfo } from '../serve/serve-info.js'
import path from 'node:path'
import { MastodonDoor } from '../serve/mastodon-api/door.js'
import { TwitterDoor } from '../serve/twitter-api/door.js'
import { TwitterIds } from '../serve/twitter-api/ids.js'
import { loadUiToken } from '../serve/ui-token.js'
import { startWebServer, type WebServer } from '../serve/web-server.js'
import type { Command, GlobalOptions } from './args.js'
import { Failure } from './exit.js'
import { formatStopped, type Io } from './output.js'
import { dataDirOf, newEngine, runningServe } from './peer.js'

/** The Mastodon door's registered apps and image-signing key, in the data directory. */
const MASTODON_STATE = 'mastodon-api.json'
/** If closing takes longer than this, give up and exit: the lock is taken over on the next start. */
const SHUTDOWN_LIMIT_MS = 20_000

export async function runServe(
  cmd: Extract<Command, { name: 'serve' }>,
  global: GlobalOptions,
  io: Io,
  signals: NodeJS.Process = process
): Promise<number> {
  const dataDir = dataDirOf(global)
  const log = (line: string) => io.err(printableText(line))
  // The server listens as soon as the engine takes calls: a browser opened now gets its first screen from the
  // views as stored, and every other call waits inside the engine until it is open (docs/NETWORK.md).
  const engine = newEngine(global, log)
  let server: WebServer | null = null
  let twitterIds: TwitterIds | null = null
  const infoFile = dataPaths(dataDir).serveInfo
  try {
    await engine.takingCalls()
    twitterIds = await openTwitterIds(engine, log)
    server = await startWebServer({
      api: engine.api,
      port: cmd.port,
      ui: cmd.ui,
      token: loadUiToken(dataPaths(dataDir).uiToken, { renew: cmd.newToken }),
      apps: engine.appTokens,
      ...(twitterIds ? { twitter: new TwitterDoor(engine.api, twitterIds, log) } : {}),
      // Mastodon's ids are the Twitter subset's: without that store, the Mastodon door is off too.
      ...(twitterIds
        ? { mastodon: new MastodonDoor({ api: engine.api, ids: twitterIds, apps: engine.appTokens, stateFile: path.join(dataDir, MASTODON_STATE), log }) }
        : {}),
      log
    })
    writeServeInfo(infoFile, { pid: process.pid, port: server.port, token: server.token })
    io.out(`rstatus is running at ${server.url}`)
    await engine.ready()
    await engine.goOnline()
  } catch (err) {
    if (server) removeServeInfo(infoFile)
    await server?.close().catch(() => {})
    await twitterIds?.close().catch(() => {})
    await engine.close().catch(() => {})
    const serve = isRstatusError(err) && err.code === 'DATA_DIR_LOCKED' ? runningServe(dataDir) : null
    if (serve) {
      throw new RstatusError(
        'DATA_DIR_LOCKED',
        `rstatus serve is already running for ${dataDir} (pid ${serve.pid}, port ${serve.port})`
      )
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Failure(`port ${cmd.port} is in use: choose another with --port N, or --port 0 for a free one`)
    }
    throw err
  }

  // A feed found forked is told once a run: at the start, or as it happens. The app keeps showing it.
  const toldForked = new Set<string>()
  const tellForked = (state: SyncState) => {
    for (const f of state.feeds) {
      if (f.stopped !== 'forked' || toldForked.has(f.key)) continue
      toldForked.add(f.key)
      log(`rstatus: ${formatStopped(f)}`)
    }
  }
  engine.events.on('sync', tellForked)
  tellForked(await engine.api.call('syncState', {}))

  // However the process ends (a crash included), other commands must not be sent to a dead server
  const forget = () => removeServeInfo(infoFile)
  signals.once('exit', forget)
  io.out(`your key: ${engine.key}`)

  await new Promise<void>((resolve) => {
    const stop = () => {
      signals.off('SIGINT', stop)
      signals.off('SIGTERM', stop)
      resolve()
    }
    signals.on('SIGINT', stop)
    signals.on('SIGTERM', stop)
  })

  // A second signal, or a shutdown that stalls, ends the process at once.
  const force = () => signals.exit(1)
  signals.once('SIGINT', force)
  signals.once('SIGTERM', force)
  const limit = setTimeout(() => {
    io.err('rstatus: shutting down took too long; stopping now')
    signals.exit(1)
  }, SHUTDOWN_LIMIT_MS)
  limit.unref()

  forget()
  signals.off('exit', forget)
  await server.close()
  await twitterIds?.close().catch(() => {})
  await engine.close()
  clearTimeout(limit)
  return 0
}

/** The Twitter ids cannot be rebuilt; if they cannot be opened, serve runs without /1.1/ and says why. */
async function openTwitterIds(engine: Engine, log: (line: string) => void): Promise<TwitterIds | null> {
  try {
    return await TwitterIds.open(engine.paths.twitterIds)
  } catch (err) {
    log(`rstatus: the Twitter- and Mastodon-compatible APIs are off: ${engine.paths.twitterIds} could not be opened (${(err as Error).message})`)
    return null
  }
}
