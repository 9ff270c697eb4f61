// Every example in docs/API.md, run as written against real `rstatus serve` processes on a local DHT: each
// shell block with bash and curl, the JavaScript one with node. The variables the doc names ($RS, $TOKEN,
// $ME, $STATUS, $UPLOAD, …) hold what the doc says they hold: made here by the same calls, or taken from the
// answers of earlier examples. Every HTTP answer an example gets must be a success.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestnet, type LocalTestnet } from '../helpers/testnet.js'
import { startHandleDomains, type HandleDomains } from '../helpers/handle-domain.js'
import { tmpDir, waitFor } from '../helpers/tmp.js'
import { request } from '../helpers/http.js'
import { twitterArchiveZip } from '../helpers/twitter-archive.js'
import { png } from '../helpers/images.js'
import { CLI, rstatus, startServe, type ServeProcess } from './cli-process.js'

const here = path.dirname(fileURLToPath(import.meta.url))
/** Compiled to dist/test/integration: the repository is three levels up. */
const repo = path.resolve(here, '../../..')
const doc = fs.readFileSync(path.join(repo, 'docs/API.md'), 'utf8')

interface Example {
  lang: 'sh' | 'js'
  code: string
  /** The method whose section holds it, if any. */
  method: string | null
}

/** The fenced sh and js blocks, each with the `##### \`method\`` heading it sits under. */
function examples(text: string): Example[] {
  const out: Example[] = []
  let method: string | null = null
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heading = /^(#{2,5}) (.*)$/.exec(lines[i]!)
    if (heading) method = /^`([A-Za-z]+)`$/.exec(heading[2]!)?.[1] ?? null
    const fence = /^```(sh|js)$/.exec(lines[i]!)
    if (!fence) continue
    const body: string[] = []
    for (i++; lines[i] !== '```'; i++) body.push(lines[i]!)
    out.push({ lang: fence[1] as 'sh' | 'js', code: body.join('\n'), method })
  }
  return out
}

function run(file: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { ...opts, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

describe('docs/API.md: every example runs as written against a real rstatus serve', () => {
  const tmp = tmpDir('rstatus-api-examples-')
  const work = path.join(tmp.dir, 'work')
  const shims = path.join(tmp.dir, 'bin')
  const dirs = { me: path.join(tmp.dir, 'me'), friend: path.join(tmp.dir, 'friend'), someone: path.join(tmp.dir, 'someone'), device: path.join(tmp.dir, 'device') }
  let testnet: LocalTestnet
  let net: string[]
  const serves: ServeProcess[] = []
  let me: ServeProcess
  let device: ServeProcess
  let domains: HandleDomains
  const vars: Record<string, string> = {}
  let calls = 0

  before(async () => {
    fs.mkdirSync(work, { recursive: true })
    fs.mkdirSync(shims, { recursive: true })
    // `rstatus` and `npx rstatus` as a person runs them, on this test's data directory (RSTATUS_DATA)
    fs.writeFileSync(path.join(shims, 'rstatus'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 })
    fs.writeFileSync(path.join(shims, 'npx'), `#!/bin/sh\n[ "$1" = rstatus ] || { echo "npx: only rstatus here" >&2; exit 127; }\nshift\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 })
    testnet = await startTestnet()
    net = ['--bootstrap', testnet.bootstrap, '--host', '127.0.0.1']
    for (const [dir, name, text] of [[dirs.friend, 'Bob Zoe', 'Sailing today #boats'], [dirs.someone, 'Cy Someone', 'hello'], [dirs.me, 'Ann Example', 'Hello from curl #boats']] as const) {
      assert.equal((await rstatus(['--data', dir, 'profile', '--name', name])).code, 0)
      assert.equal((await rstatus(['--data', dir, 'post', text])).code, 0)
    }
    const keyOf = async (dir: string) => JSON.parse((await rstatus(['--data', dir, 'whoami', '--json'])).stdout).key as string
    vars.ME = await keyOf(dirs.me)
    vars.SOMEONE = await keyOf(dirs.someone)
    const friendKey = await keyOf(dirs.friend)
    assert.equal((await rstatus(['--data', dirs.me, ...net, 'follow', friendKey])).code, 0)
    for (const dir of [dirs.friend, dirs.someone]) serves.push(await startServe(['--data', dir, ...net]))
    const sync = await rstatus(['--data', dirs.me, ...net, 'sync', '--timeout', '60'], { timeout: 90_000 })
    assert.equal(sync.code, 0, sync.stderr)
    vars.TOKEN = (await rstatus(['--data', dirs.me, 'token', 'create', '--name', 'examples'])).stdout.trim()
    // The domain the handle examples name, on a local DNS server: nothing here reaches the internet.
    domains = await startHandleDomains(path.join(tmp.dir, 'domains'), ['ann.example.org'])
    domains.setTxt('ann.example.org', [`key=${vars.ME}`])
    me = await startServe(['--data', dirs.me, ...net], { env: { RSTATUS_DNS: domains.dns, NODE_EXTRA_CA_CERTS: domains.caFile } })
    device = await startServe(['--data', dirs.device, ...net])
    serves.push(me, device)
    vars.RS = `http://127.0.0.1:${me.port}`
    vars.UI_TOKEN = me.token
    const timeline = await rpc<{ items: Array<{ uri: string; feed: string }> }>('timeline', { limit: 50 })
    vars.STATUS = timeline.items.find((s) => s.feed === vars.ME)!.uri
    vars.THEIR_STATUS = timeline.items.find((s) => s.feed === friendKey)!.uri
    vars.ARCHIVE = path.join(tmp.dir, 'twitter-archive.zip')
    fs.writeFileSync(vars.ARCHIVE, await twitterArchiveZip())
  })
  after(async () => {
    for (const s of serves) await s.stop()
    await domains?.close()
    await testnet?.close()
    tmp.cleanup()
  })

  async function rpc<T>(method: string, params: object, at: { port: number; token: string } = { port: me.port, token: vars.TOKEN! }): Promise<T> {
    const r = await request(at.port, { method: 'POST', path: `/api/${method}`, headers: { authorization: `Bearer ${at.token}`, 'content-type': 'application/json' }, body: JSON.stringify(params) })
    assert.equal(r.status, 200, r.body)
    return JSON.parse(r.body) as T
  }

  /**
   * What the private conversation examples name: two requests from someone you do not follow (one just to
   * you, one to you and your friend). The group you start with both is made once the second is declined,
   * since until then it would be that conversation (the same people).
   */
  async function prepareConversations(): Promise<void> {
    const someone = serves[1]!
    const asSomeone = { port: someone.port, token: someone.token }
    const asMe = { port: me.port, token: me.token }
    const friendKey = JSON.parse((await rstatus(['--data', dirs.me, 'following', '--json'])).stdout)[0].key as string
    const one = await rpc<{ conversation: string }>('dmSend', { to: [vars.ME], text: 'hello from someone' }, asSomeone)
    const two = await rpc<{ conversation: string }>('dmSend', { to: [vars.ME, friendKey], text: 'hello to you both' }, asSomeone)
    await waitFor(async () => (await rpc<Array<{ id: string }>>('dmRequests', {}, asMe)).length === 2, { timeout: 90_000, interval: 500, what: 'two message requests' })
    vars.REQUEST = one.conversation
    vars.REQUEST2 = two.conversation
    vars.FRIEND = friendKey
    const picture = await png(40, 30)
    const { upload } = await rpc<{ upload: string }>('uploadBegin', { size: picture.byteLength }, asMe)
    await rpc('uploadChunk', { upload, offset: 0, data: picture.toString('base64') }, asMe)
    vars.PICTURE_MESSAGE = (await rpc<{ message: string }>('dmSend', { to: [friendKey], text: 'a picture', images: [{ upload, alt: 'a test pattern' }] }, asMe)).message
  }

  /** Runs one shell example; every curl in it records its answer's status line. */
  async function runShell(example: Example, env: Record<string, string>): Promise<string> {
    const from = calls
    const script = [
      'set -eu',
      `curl() { CURL_N=$((CURL_N + 1)); command curl -sS -D "$HEADERS/$CURL_N" "$@"; }`,
      `CURL_N=${from}`,
      // the serve this test started is the one the doc's `npx rstatus serve` starts, at the address in $RS
      ...example.code.split('\n').filter((l) => !/^npx rstatus serve\b/.test(l) && !/^RS=/.test(l)),
      'echo "$CURL_N" > "$HEADERS/count"'
    ].join('\n')
    const headers = path.join(tmp.dir, 'headers')
    fs.mkdirSync(headers, { recursive: true })
    const r = await run('/bin/bash', ['-c', script], {
      cwd: work,
      env: { ...process.env, ...vars, ...env, HEADERS: headers, PATH: `${shims}:${process.env.PATH}`, RSTATUS_DATA: dirs.me, RSTATUS_BOOTSTRAP: testnet.bootstrap }
    })
    assert.equal(r.code, 0, `${example.method ?? example.code.split('\n')[0]}: exit ${r.code}\n${r.stderr}`)
    calls = Number(fs.readFileSync(path.join(headers, 'count'), 'utf8'))
    for (let n = from + 1; n <= calls; n++) {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(fs.readFileSync(path.join(headers, String(n)), 'utf8'))?.[1])
      assert.ok(status >= 200 && status < 300, `${example.method ?? example.code.split('\n')[0]}: HTTP ${status}\n${r.stdout}`)
    }
    return r.stdout
  }

  test('each one succeeds, in the order the doc gives them (leave last)', async () => {
    const all = examples(doc)
    const methodExamples = all.filter((e) => e.method !== null)
    assert.ok(methodExamples.length >= 40, `found ${methodExamples.length} method examples`)
    const ordered = [...all.filter((e) => e.method !== 'leave'), ...all.filter((e) => e.method === 'leave')]
    const ran = new Set<string>()
    const failed: string[] = []
    for (const example of ordered) {
      try {
        await runExample(example)
      } catch (err) {
        failed.push((err as Error).message.split('\n').slice(0, 3).join(' | '))
      }
    }
    assert.deepEqual(failed, [], `${failed.length} examples failed`)
    const methods = [...doc.matchAll(/^##### `([A-Za-z]+)`$/gm)].map((m) => m[1]!)
    assert.deepEqual(methods.filter((m) => !ran.has(m)), [], 'every method example ran')

    async function runExample(example: Example): Promise<void> {
      if (example.lang === 'js') {
        const file = path.join(repo, 'dist', `.api-example-${process.pid}.mjs`)
        fs.writeFileSync(file, example.code)
        try {
          const r = await run(process.execPath, [file], { cwd: work, env: { ...process.env, ...vars } })
          assert.equal(r.code, 0, r.stderr)
          assert.match(r.stdout, /items:/)
        } finally {
          fs.rmSync(file, { force: true })
        }
        return
      }
      // the block that starts the server: the serve this test started stands for it
      if (/^npx rstatus serve\b/.test(example.code.trim()) && example.code.trim().split('\n').length === 1) return
      if (example.method?.startsWith('dm') && vars.REQUEST === undefined) await prepareConversations()
      // deviceJoin runs on the new device's own serve
      const env: Record<string, string> = example.method === 'deviceJoin' ? { RS: `http://127.0.0.1:${device.port}`, UI_TOKEN: device.token } : {}
      const out = await runShell(example, env)
      if (example.method) ran.add(example.method)
      const answer = example.method && out.trim().startsWith('{') ? (JSON.parse(out) as Record<string, unknown>) : {}
      switch (example.method) {
        case 'repost':
          vars.REPOST = answer.uri as string
          break
        case 'uploadBegin':
          vars.UPLOAD = answer.upload as string
          break
        case 'uploadChunk': {
          // the picture uploaded above, attached to a status: $BLOBS and $BLOB name it
          const posted = await rpc<{ attachments: Array<{ blobs: string; blob: object }> }>('post', { text: 'a picture', images: [{ upload: vars.UPLOAD }] })
          vars.BLOBS = posted.attachments[0]!.blobs
          vars.BLOB = JSON.stringify(posted.attachments[0]!.blob)
          break
        }
        case 'blob':
          assert.equal(Buffer.from(answer.data as string, 'base64').subarray(1, 4).toString(), 'PNG')
          break
        case 'dmSend':
          vars.CONVERSATION = answer.conversation as string
          vars.MESSAGE = answer.message as string
          break
        case 'dmImage':
          assert.equal(Buffer.from(answer.data as string, 'base64').subarray(1, 4).toString(), 'PNG')
          break
        case 'dmDecline':
          vars.GROUP = (await rpc<{ conversation: string }>('dmSend', { to: [vars.FRIEND, vars.SOMEONE], text: 'a group of three' }, { port: me.port, token: me.token })).conversation
          break
        case 'draftPut':
          vars.DRAFT = answer.id as string
          break
        case 'deviceInvite':
          vars.CODE = answer.code as string
          break
        case 'deviceJoin':
          vars.DEVICE = answer.device as string
          // the first device sees the new one linked before it removes it
          await waitFor(async () => (await rpc<{ devices: Array<{ key: string; state: string }> }>('devices', {})).devices.some((d) => d.key === vars.DEVICE && d.state === 'linked'), { timeout: 60_000, what: 'the new device linked' })
          break
        case 'delete':
          assert.match(answer.uri as string, new RegExp(`^rstatus://${vars.ME}/\\d+$`))
          break
        case 'exportArchive':
          assert.equal(JSON.parse(fs.readFileSync(path.join(work, 'rstatus-export.json'), 'utf8')).format, 'rstatus-export')
          break
      }
    }
  })
})
