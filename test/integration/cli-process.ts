// Runs the `rstatus` CLI as a real process, for the CLI and serve integration tests. The compiled CLI next
// to this compiled file is used, so the tests run whatever build they were compiled with.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const CLI = fileURLToPath(new URL('../../electron/cli/main.js', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** An environment with no RSTATUS_* from the caller, and a bootstrap that cannot reach the public DHT. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const k of Object.keys(env)) if (k.startsWith('RSTATUS_')) delete env[k]
  return { ...env, RSTATUS_BOOTSTRAP: '127.0.0.1:9', ...extra }
}

/** Runs the CLI to its end; `input` is written to its stdin, which is closed either way. */
export function rstatus(args: string[], opts: { env?: Record<string, string>; timeout?: number; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { env: cliEnv(opts.env), timeout: opts.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code as number | null) : 0
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr })
      }
    )
    child.stdin?.on('error', () => {}) // a command that exits without reading its stdin
    child.stdin?.end(opts.input ?? '')
  })
}

export interface ServeProcess {
  child: ChildProcess
  port: number
  token: string
  url: string
  key: string
  stderr(): string
  exited: Promise<number | null>
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>
}

/** Starts `rstatus … serve --port 0` (or the port given, to restart on the same one) and waits for its URL and key lines. */
export async function startServe(
  args: string[],
  opts: { serveArgs?: string[]; env?: Record<string, string>; port?: number } = {}
): Promise<ServeProcess> {
  const argv = [CLI, ...args, 'serve', '--port', String(opts.port ?? 0), ...(opts.serveArgs ?? [])]
  const child = spawn(process.execPath, argv, { env: cliEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const lines = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time; stderr: ${err}`)), 60_000)
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c
      const url = /^rstatus is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)$/m.exec(out)?.[1]
      const key = /^your key: ([a-z0-9]{52})$/m.exec(out)?.[1]
      if (url && key) {
        clearTimeout(timer)
        resolve({ url, key })
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code} before it started; stderr: ${err}`))
    })
  })
  const u = new URL(lines.url)
  return {
    child,
    port: Number(u.port),
    token: u.searchParams.get('token') ?? '',
    url: lines.url,
    key: lines.key,
    stderr: () => err,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    }
  }
}

/** Exactly one line on stderr, nothing on stdout, and no stack trace. */
export function oneLine(result: CliResult): string {
  const lines = result.stderr.split('\n').filter((l) => l !== '')
  if (lines.length !== 1) throw new Error(`expected one stderr line, got: ${JSON.stringify(result.stderr)}`)
  if (/^\s+at /m.test(result.stderr)) throw new Error(`stack trace on stderr: ${result.stderr}`)
  return lines[0] as string
}

const Z32 = '[ybndrfg8ejkmcpqxot1uwisza345h769]'

/** Starts `device invite` and resolves with its code line and a promise of the whole run. */
export function startInvite(args: string[], timeoutS: number): Promise<{ code: string; done: Promise<CliResult> }> {
  const child = spawn(process.execPath, [CLI, ...args, 'device', 'invite', '--timeout', String(timeoutS)], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const done = new Promise<CliResult>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })))
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c
      const code = new RegExp(`^(${Z32}{80,200})$`, 'm').exec(stdout)?.[1]
      if (code) resolve({ code, done })
    })
    void done.then((r) => reject(new Error(`device invite exited (${r.code}) before printing a code: ${r.stderr}`)))
  })
}
