// Who owns which namespaces. Other engineers run the lab on the same machine at the same time, so every
// name carries this run's id, and a start removes only the leftovers of runs whose owner process is dead.
import fs from 'node:fs'
import path from 'node:path'
import { must, run } from './shell.js'

/** Every namespace and link of every lab run starts with this. */
export const PREFIX = 'rsl'

/** Where each run records its owner, so a reused pid is not mistaken for a live owner. */
const STATE_DIR = '/run/rstatus-lab'

export interface Owner {
  pid: number
  /** The owner's start time in clock ticks since boot (/proc/PID/stat, field 22). */
  started: number
}

/** The run id is the owner's pid in base 36: short enough for a 15-character link name, and unique while it lives. */
export function runId(pid: number): string {
  return pid.toString(36)
}

export function namespaceName(id: string, role: string): string {
  return `${PREFIX}${id}-${role}`
}

/** A link name; Linux allows 15 characters. */
export function linkName(id: string, role: string): string {
  const name = `${PREFIX}${id}-${role}`
  if (name.length > 15) throw new Error(`link name ${name} is longer than 15 characters`)
  return name
}

/** The run id inside a lab name, or null for a name that is not the lab's. */
export function idOf(name: string): string | null {
  return new RegExp(`^${PREFIX}([0-9a-z]{1,7})-`).exec(name)?.[1] ?? null
}

export function processStarted(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[19])
  } catch {
    return null
  }
}

export function claim(id: string, owner: Owner): void {
  fs.mkdirSync(STATE_DIR, { recursive: true })
  fs.writeFileSync(path.join(STATE_DIR, `${id}.json`), JSON.stringify(owner))
}

export function release(id: string): void {
  fs.rmSync(path.join(STATE_DIR, `${id}.json`), { force: true })
}

function recordedOwner(id: string): Owner | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(STATE_DIR, `${id}.json`), 'utf8')) as Owner
  } catch {
    return null
  }
}

/** A run is alive while its owner process is: same pid and the same start time as recorded. */
export function ownerAlive(id: string): boolean {
  const pid = parseInt(id, 36)
  const started = processStarted(pid)
  if (started === null) return false
  const recorded = recordedOwner(id)
  return recorded === null || (recorded.pid === pid && recorded.started === started)
}

export async function namespaces(): Promise<string[]> {
  const out = await run('ip', ['netns', 'list'])
  return out.stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n !== '')
}

/** Ends every process inside a namespace, then deletes it (deleting alone leaves its processes running). */
export async function removeNamespace(ns: string): Promise<void> {
  for (const signal of ['TERM', 'KILL']) {
    const pids = (await run('ip', ['netns', 'pids', ns])).stdout.split('\n').filter((p) => /^\d+$/.test(p))
    if (pids.length === 0) break
    await run('kill', [`-${signal}`, ...pids])
    await waitGone(pids)
  }
  await run('ip', ['netns', 'delete', ns])
}

async function waitGone(pids: string[]): Promise<void> {
  const deadline = Date.now() + 5_000
  while (pids.some((p) => fs.existsSync(`/proc/${p}`)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Removes the namespaces, stray root links and state files of lab runs whose owner is dead. */
export async function removeLeftovers(): Promise<string[]> {
  const removed: string[] = []
  for (const ns of await namespaces()) {
    const id = idOf(ns)
    if (id === null || ownerAlive(id)) continue
    await removeNamespace(ns)
    removed.push(ns)
  }
  // Links are made inside the lab's namespaces; one is in the root namespace only if a run died mid-move
  const links = await must('ip', ['-o', 'link', 'show'])
  for (const line of links.split('\n')) {
    const name = /^\d+: ([^:@]+)/.exec(line)?.[1]
    const id = name ? idOf(name) : null
    if (!name || id === null || ownerAlive(id)) continue
    await run('ip', ['link', 'delete', name])
    removed.push(name)
  }
  for (const file of fs.existsSync(STATE_DIR) ? fs.readdirSync(STATE_DIR) : []) {
    const id = file.replace(/\.json$/, '')
    if (!ownerAlive(id)) release(id)
  }
  return removed
}
