// The `rstatus` command. bin/rstatus.js calls run(); `node dist/electron/cli/main.js …` works as well.
import fs from 'node:fs'
import { pathToFileURL } from 'node:url'
import { isRstatusError, RstatusError } from '../../shared/errors.js'
import { printableText } from '../../shared/printable.js'
import type { Engine } from '../engine/engine.js'
import { parseArgs, type GlobalOptions } from './args.js'
import { reportError } from './exit.js'
import type { Io } from './output.js'
import { dataDirOf, openEngine, openPeer, runningServe, type Peer } from './peer.js'
import { USAGE } from './usage.js'

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const debug = env.RSTATUS_DEBUG === '1'
  try {
    const { global, command } = parseArgs(argv, env)
    const log = (line: string) => io.err(printableText(line))
    switch (command.name) {
      case 'help':
        io.out(USAGE.trimEnd())
        return 0
      case 'serve':
        // The web server and both doors are loaded only by the command that serves them, so every other
        // command starts faster (each is a process of its own, run by people and by scripts).
        return await (await import('./serve-command.js')).runServe(command, global, io)
      case 'mirror':
        if (command.action === 'serve') return await (await import('./mirror-command.js')).runMirrorServe(command, global, io)
        return await withPeer(global, log, (peer) => runCommand(command, peer, io))
      case 'reindex':
        return await reindex(global, io, log)
      case 'check':
        return await check(global, io, log)
      case 'identity':
        return command.action === 'export'
          ? await exportIdentity(global, command.file, io, log)
          : await importIdentity(global, command.file, io)
      default:
        return await withPeer(global, log, (peer) => runCommand(command, peer, io))
    }
  } catch (err) {
    return reportError(err, io, debug)
  }
}

// The commands, and the identity backup (which loads Corestore and the messaging layer), are loaded by the
// commands that use them: \`rstatus serve\` answers its first page before the store's modules are needed.
const runCommand: typeof import('./commands.js')['runCommand'] = async (...args) => (await import('./commands.js')).runCommand(...args)
const backups = () => import('../engine/account/identity-backup.js')

async function withPeer(global: GlobalOptions, log: (line: string) => void, run: (peer: Peer) => Promise<number>): Promise<number> {
  const peer = await openPeer(global, log)
  try {
    return await run(peer)
  } finally {
    await peer.close()
  }
}

/** reindex and check work on the engine itself, so they need the data directory to themselves. */
async function openOwnEngine(global: GlobalOptions, command: string, log: (line: string) => void): Promise<Engine> {
  const dataDir = dataDirOf(global)
  return openEngine(global, log).catch((err) => {
    const serve = isRstatusError(err) && err.code === 'DATA_DIR_LOCKED' ? runningServe(dataDir) : null
    if (serve) throw new RstatusError('DATA_DIR_LOCKED', `stop rstatus serve (pid ${serve.pid}) first: ${command} needs the data directory to itself`)
    throw err
  })
}

async function reindex(global: GlobalOptions, io: Io, log: (line: string) => void): Promise<number> {
  const engine = await openOwnEngine(global, 'reindex', log)
  try {
    let feeds = 0
    await engine.reindex((done, total) => {
      feeds = total
      io.err(`reindexing: ${done}/${total} feeds`)
    })
    io.out(`Rebuilt the views from ${feeds} feed${feeds === 1 ? '' : 's'}.`)
    return 0
  } finally {
    await engine.close()
  }
}

async function check(global: GlobalOptions, io: Io, log: (line: string) => void): Promise<number> {
  const engine = await openOwnEngine(global, 'check', log)
  try {
    const report = await engine.check()
    const checked = `${report.feeds} feed${report.feeds === 1 ? '' : 's'}, ${report.blocks} block${report.blocks === 1 ? '' : 's'}`
    if (report.problems.length === 0) {
      io.out(`The views match the logs (${checked} checked).`)
      return 0
    }
    for (const problem of report.problems) io.out(printableText(problem))
    io.err(`rstatus: the views do not match the logs (${report.problems.length} problems in ${checked}); run rstatus reindex`)
    return 1
  } finally {
    await engine.close()
  }
}

/**
 * The backup holds the secret the feed is signed with. The CLI writes it in-process only, never routed through
 * a running serve (the UI's own exportIdentity method is for the person, never for an app token).
 */
async function exportIdentity(global: GlobalOptions, file: string, io: Io, log: (line: string) => void): Promise<number> {
  const { writeBackupFile, TWO_MACHINES_WARNING } = await backups()
  const engine = await openOwnEngine(global, 'identity export', log)
  try {
    writeBackupFile(file, await engine.api.call('exportIdentity', {}))
    io.out(`Wrote your identity to ${file} (readable only by you).`)
    io.err(`rstatus: ${TWO_MACHINES_WARNING}`)
    return 0
  } finally {
    await engine.close()
  }
}

async function importIdentity(global: GlobalOptions, file: string, io: Io): Promise<number> {
  const { readBackupFile, restoreIdentity, TWO_MACHINES_WARNING } = await backups()
  const dataDir = dataDirOf(global)
  const key = await restoreIdentity(dataDir, readBackupFile(file))
  io.out(`Restored identity ${key} into ${dataDir}.`)
  io.out('Go online (rstatus serve, or rstatus sync) so it can fetch your feed from your followers before you post.')
  io.err(`rstatus: ${TWO_MACHINES_WARNING}`)
  return 0
}

function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text + '\n'),
    err: (text) => void process.stderr.write(text + '\n')
  }
}

/** Runs the CLI in this process and exits with its code once output is flushed. */
export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const debug = process.env.RSTATUS_DEBUG === '1'
  const io = processIo()
  // `rstatus timeline | head`: a closed pipe is not an error worth a message
  process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1))
  const crash = (err: unknown) => process.exit(reportError(err, io, debug) || 1)
  process.on('uncaughtException', crash)
  process.on('unhandledRejection', crash)
  const code = await main(argv, process.env, io)
  // Exit explicitly: a library's lingering socket must not keep a finished command alive.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
}

function isEntryPoint(): boolean {
  const script = process.argv[1]
  if (!script) return false
  try {
    return pathToFileURL(fs.realpathSync(script)).href === import.meta.url
  } catch {
    return false
  }
}

if (isEntryPoint()) void run()
