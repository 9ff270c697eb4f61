// The lab drives the system's own tools (ip, iptables, conntrack), as a person would at a root shell.
import { execFile } from 'node:child_process'

export interface Ran {
  code: number
  stdout: string
  stderr: string
}

/** Runs a command; never throws, so callers decide what a failure means. */
export function run(cmd: string, args: string[], opts: { timeout?: number } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: opts.timeout ?? 30_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0
      resolve({ code, stdout, stderr: stderr || (err && code === -1 ? err.message : '') })
    })
  })
}

/** Runs a command that must succeed; the error names the command and what it printed. */
export async function must(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args)
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`)
  return r.stdout
}

/** `ip netns exec NS CMD ARGS…` as an argv, for commands that run inside a namespace. */
export function inNamespace(ns: string, cmd: string, args: string[]): [string, string[]] {
  return ['ip', ['netns', 'exec', ns, cmd, ...args]]
}
