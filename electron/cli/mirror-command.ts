// `rstatus mirror …`: serve runs a mirror in this process (no engine); the others manage this person's
// mirrors through the engine (shared/api/mirrors.ts), directly or through a running serve.
import path from 'node:path'
import type { MirrorState } from '../../shared/api/mirrors.js'
import { printableText } from '../../shared/printable.js'
import type { GlobalOptions } from './args.js'
import type { MirrorCommand } from './mirror-args.js'
import { Failure, UsageError } from './exit.js'
import type { Io } from './output.js'
import { dataDirOf, type Peer } from './peer.js'

/** The mirror's storage, when --storage does not say: mirror/ in the data directory. */
const DEFAULT_STORAGE = 'mirror'
const POLL_MS = 500

export async function runMirrorServe(
  cmd: Extract<MirrorCommand, { action: 'serve' }>,
  global: GlobalOptions,
  io: Io,
  signals: NodeJS.Process = process
): Promise<number> {
  const storage = cmd.storage ?? path.join(dataDirOf(global), DEFAULT_STORAGE)
  // blind-peer and its encodings are loaded only by the command that serves a mirror.
  const { startMirror } = await import('../mirror/mirror-server.js')
  const mirror = await startMirror({
    storage,
    trust: cmd.trust,
    ...(cmd.maxBytes !== null ? { maxBytes: cmd.maxBytes } : {}),
    ...(global.bootstrap ? { bootstrap: global.bootstrap } : {}),
    ...(global.host ? { host: global.host } : {}),
    log: (line) => io.err(line)
  })
  io.err(printableText(`rstatus: mirror keeping cores in ${storage}, trusting ${cmd.trust.length} peer${cmd.trust.length === 1 ? '' : 's'}; its key:`))
  io.out(mirror.key)
  await new Promise<void>((resolve) => {
    const stop = () => {
      signals.off('SIGINT', stop)
      signals.off('SIGTERM', stop)
      resolve()
    }
    signals.on('SIGINT', stop)
    signals.on('SIGTERM', stop)
  })
  await mirror.close()
  return 0
}

export async function runMirror(cmd: Exclude<MirrorCommand, { action: 'serve' }>, peer: Peer, io: Io): Promise<number> {
  const { api } = peer
  switch (cmd.action) {
    case 'add': {
      await api.call('mirrorAdd', { key: cmd.key })
      io.out(`Added mirror ${cmd.key}.`)
      if (!peer.routedVia) io.err('rstatus: it gets your feed while rstatus is online: run rstatus mirror sync, or keep rstatus serve running')
      return 0
    }
    case 'remove': {
      // Asking the mirror to delete needs the network
      await peer.goOnline()
      const removed = await api.call('mirrorRemove', { key: cmd.key })
      if (!removed.listed) throw new UsageError(`${cmd.key} is not one of your mirrors`)
      io.out(removed.deleted ? `Removed mirror ${cmd.key}; it deleted what it held.` : `Removed mirror ${cmd.key}.`)
      if (!removed.deleted && removed.reason) io.err(`rstatus: ${removed.reason}`)
      return 0
    }
    case 'list': {
      const states = await api.call('mirrors', {})
      if (cmd.json) io.out(JSON.stringify(states.map(({ key, reachable, held, behind }) => ({ key, reachable, held, behind }))))
      else if (states.length === 0) io.out('No mirrors. Add one with rstatus mirror add KEY.')
      else for (const s of states) io.out(describe(s))
      return 0
    }
    case 'sync':
      return sync(cmd.timeoutMs, peer, io)
  }
}

/** Goes online and waits until every mirror holds every kept core whole; names the ones behind otherwise. */
async function sync(timeoutMs: number, peer: Peer, io: Io): Promise<number> {
  const { api } = peer
  if ((await api.call('mirrors', {})).length === 0) throw new Failure('no mirrors: add one with rstatus mirror add KEY')
  await peer.goOnline()
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const states = await api.call('mirrors', {})
    const behind = states.filter((s) => !s.reachable || s.behind > 0)
    if (behind.length === 0) {
      io.out(`Every mirror holds your whole feed (${states.length} mirror${states.length === 1 ? '' : 's'}).`)
      return 0
    }
    if (Date.now() >= deadline) {
      for (const s of behind) io.err(`rstatus: ${describe(s)}`)
      throw new Failure(`${behind.length} of ${states.length} mirrors ${behind.length === 1 ? 'is' : 'are'} behind: ${behind.map((s) => s.key).join(', ')}`)
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

function describe(s: MirrorState): string {
  const reach = s.reachable ? 'reachable' : 'not reachable now'
  return `${s.key}  ${reach}, holds ${s.held} block${s.held === 1 ? '' : 's'}, ${s.behind} behind`
}
