// A person's peer in the lab: `rstatus serve --no-ui` in a host's namespace, run as a user runs it (no
// --host, no firewall override). Only the bootstrap points at the lab. Other commands run in the same
// namespace and go through the running serve, as they do on a person's computer.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { CLI, cliEnv, type CliResult } from '../integration/cli-process.js'
import type { Host, Lab } from './lab.js'

export interface TimelineItem {
  uri: string
  feed: string
  author: string
  text: string
  attachments?: Array<{ blobs: string; blob: { blockOffset: number; blockLength: number; byteOffset: number; byteLength: number } }>
}

export class LabPeer {
  private child: ChildProcess | null = null
  private stderr = ''
  private exited: Promise<number | null> = Promise.resolve(null)
  key = ''

  constructor(
    readonly host: Host,
    readonly dataDir: string,
    private readonly lab: Lab,
    /** Relays this peer may use (RSTATUS_RELAY), as a person configures them. */
    private readonly relays: string[] = []
  ) {}

  private get env(): NodeJS.ProcessEnv {
    return cliEnv({
      RSTATUS_BOOTSTRAP: this.lab.bootstrap,
      ...(this.relays.length > 0 ? { RSTATUS_RELAY: this.relays.join(',') } : {})
    })
  }

  /** Starts the serve and waits until it prints its key. */
  async start(): Promise<void> {
    const child = spawn('ip', ['netns', 'exec', this.host.ns, process.execPath, CLI, '--data', this.dataDir, 'serve', '--no-ui'], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    this.child = child
    this.stderr = ''
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (this.stderr += c))
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
    this.key = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve on ${this.host.name} did not start in time: ${this.stderr}`)), 60_000)
      let out = ''
      child.stdout!.setEncoding('utf8').on('data', (c: string) => {
        out += c
        const key = /^your key: ([a-z0-9]{52})$/m.exec(out)?.[1]
        if (key) {
          clearTimeout(timer)
          resolve(key)
        }
      })
      void this.exited.then((code) => {
        clearTimeout(timer)
        reject(new Error(`serve on ${this.host.name} exited with ${code}: ${this.stderr}`))
      })
    })
  }

  /** What the serve wrote on stderr so far (warnings, network weather). */
  log(): string {
    return this.stderr
  }

  /** One `rstatus --data D ARGS…` in this peer's namespace; with the serve running, it goes through it. */
  cli(args: string[], opts: { timeout?: number } = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(
        'ip',
        ['netns', 'exec', this.host.ns, process.execPath, CLI, '--data', this.dataDir, ...args],
        { env: this.env, timeout: opts.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err ? (err as { code?: unknown }).code : 0
          resolve({ code: typeof code === 'number' ? code : null, stdout, stderr })
        }
      )
    })
  }

  /** A command that must succeed; returns its stdout. */
  async must(args: string[]): Promise<string> {
    const r = await this.cli(args)
    if (r.code !== 0) throw new Error(`rstatus ${args.join(' ')} on ${this.host.name} exited ${r.code}: ${r.stderr.trim()}`)
    return r.stdout
  }

  /**
   * One call of the running serve's JSON API, made from inside the peer's namespace (its 127.0.0.1 is not
   * this process'), with the serve's own token from serve.json, as the browser UI makes it.
   */
  async call<T>(method: string, params: object): Promise<T> {
    const script = [
      "const fs = await import('node:fs')",
      'const info = JSON.parse(fs.readFileSync(process.argv[1] + "/serve.json", "utf8"))',
      'const r = await fetch(`http://127.0.0.1:${info.port}/api/${process.argv[2]}`, { method: "POST", headers: { authorization: `Bearer ${info.token}`, "content-type": "application/json" }, body: process.argv[3] })',
      'const text = await r.text()',
      'if (!r.ok) { process.stderr.write(`${r.status} ${text}`); process.exit(1) }',
      'process.stdout.write(text)'
    ].join('\n')
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        'ip',
        ['netns', 'exec', this.host.ns, process.execPath, '--input-type=module', '-e', script, this.dataDir, method, JSON.stringify(params)],
        { env: this.env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => (err ? reject(new Error(`${method} on ${this.host.name}: ${stderr.trim() || err.message}`)) : resolve(stdout))
      )
    })
    return JSON.parse(out) as T
  }

  /** Posts a status with one image, through the API as the app does; returns its link. */
  async postImage(text: string, image: Buffer): Promise<string> {
    const { upload } = await this.call<{ upload: string }>('uploadBegin', { size: image.length })
    await this.call('uploadChunk', { upload, offset: 0, data: image.toString('base64') })
    return (await this.call<{ uri: string }>('post', { text, images: [{ upload, alt: 'a test picture' }] })).uri
  }

  async post(text: string): Promise<string> {
    return (await this.must(['post', text])).trim()
  }

  async follow(key: string): Promise<void> {
    await this.must(['follow', key])
  }

  async timeline(): Promise<TimelineItem[]> {
    return JSON.parse(await this.must(['timeline', '--limit', '200', '--json'])) as TimelineItem[]
  }

  /** SIGTERM, then the exit code; the serve shuts down in order. */
  async stop(): Promise<number | null> {
    const child = this.child
    if (!child) return null
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const code = await this.exited
    this.child = null
    return code
  }
}
