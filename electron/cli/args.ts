// Parsing `rstatus` arguments into a command. Pure: no files, no network, so every bad input is caught
// (and testable) before a data directory is touched. Throws UsageError (exit.ts): one line, exit code 2.
import net from 'node:net'
import path from 'node:path'
import { isRstatusError } from '../../shared/errors.js'
import { handleFrom } from '../../shared/handle.js'
import { isKey, parseRef, parseStatusUri, URI_SCHEME, type FeedKey } from '../../shared/keys.js'
import { printable } from '../../shared/printable.js'
import {
  MAX_BIO_CHARS,
  MAX_CW_CHARS,
  MAX_NAME_CHARS,
  MAX_POLL_CHOICE_CHARS,
  MAX_POLL_CHOICES,
  MAX_STATUS_BYTES,
  MAX_STATUS_CHARS,
  MIN_POLL_CHOICES
} from '../../shared/protocol/limits.js'
import { textProblem } from '../../shared/protocol/text.js'
import { maxFeedBytesFromEnv, mediaCacheBytesFromEnv } from '../platform/env-sizes.js'
import { parseBootstrap as parseBootstrapNodes } from '../engine/replication/bootstrap.js'
import { parseRelayKeys } from '../engine/replication/relay-keys.js'
import { parseDnsServers } from '../engine/handles/dns-servers.js'
import { DEVICE_ACTIONS, DEVICE_OPTIONS, deviceCommand, type DeviceCommand } from './device-args.js'
import { DM_ACTIONS, DM_OPTIONS, dmCommand, type DmCommand } from './dm-args.js'
import { UsageError } from './exit.js'
import { bookmarkUri, LIST_ACTIONS, LIST_OPTIONS, listCommand, type PrivateDataCommand } from './list-args.js'
import { MIRROR_ACTIONS, MIRROR_OPTIONS, mirrorCommand, type MirrorCommand } from './mirror-args.js'

export interface Bootstrap {
  host: string
  port: number
}

export interface GlobalOptions {
  /** Absolute; undefined means the default data directory (or RSTATUS_DATA). */
  data?: string
  bootstrap?: Bootstrap[]
  host?: string
  /** Relays (z-base-32 keys) to use when a direct connection fails: --relay or RSTATUS_RELAY. */
  relays?: FeedKey[]
  /** DNS servers for handle lookups: --dns or RSTATUS_DNS; the system's resolver when absent. */
  dnsServers?: string[]
  /** From RSTATUS_MAX_FEED_MB; undefined means the engine's default cap. */
  maxFeedBytes?: number
  /** From RSTATUS_MEDIA_CACHE_MB; undefined means the engine's default (1 GiB). */
  mediaCacheBytes?: number
}

export type Command =
  | { name: 'help' }
  | { name: 'whoami'; json: boolean }
  | { name: 'post'; text: string; quote?: string; cw?: string; sensitive: boolean; poll?: { choices: string[]; hours: number } }
  | { name: 'reply'; to: string; text: string; cw?: string; sensitive: boolean }
  | { name: 'edit'; uri: string; text: string }
  | { name: 'vote'; uri: string; choice: number }
  | { name: 'pin' | 'unpin'; uri: string }
  | { name: 'repost'; uri: string }
  | { name: 'like'; uri: string }
  | { name: 'delete'; uri: string }
  | { name: 'profile'; set: { name?: string; bio?: string; handle?: string } }
  | { name: 'follow'; key: FeedKey }
  | { name: 'follow'; handle: string }
  | { name: 'unfollow'; key: FeedKey }
  | { name: 'following'; json: boolean }
  | { name: 'timeline'; limit: number; json: boolean }
  | { name: 'sync'; timeoutMs: number }
  | { name: 'serve'; port: number; ui: boolean; newToken: boolean }
  | { name: 'reindex' }
  | { name: 'check' }
  | { name: 'token'; action: 'create'; tokenName: string; readOnly: boolean; messages: boolean }
  | { name: 'token'; action: 'messages'; tokenName: string; on: boolean }
  | { name: 'token'; action: 'list'; json: boolean }
  | { name: 'token'; action: 'revoke'; tokenName: string }
  | DeviceCommand
  | DmCommand
  | MirrorCommand
  | PrivateDataCommand
  | { name: 'atom'; out: string | null; limit: number | null }
  | { name: 'import-twitter'; zip: string }
  | { name: 'export'; file: string; media: boolean }
  | { name: 'leave' }
  | { name: 'identity'; action: 'export' | 'import'; file: string }

export interface Invocation {
  global: GlobalOptions
  command: Command
}

export const DEFAULT_TIMELINE_LIMIT = 50
export const MAX_TIMELINE_LIMIT = 100_000
export const DEFAULT_SYNC_TIMEOUT_S = 30
export const MAX_SYNC_TIMEOUT_S = 24 * 60 * 60
export const DEFAULT_PORT = 7420
export const DEFAULT_POLL_HOURS = 24
export const MAX_POLL_HOURS = 168

type OptionKind = 'flag' | 'value'

// Options each command accepts, besides the global ones.
const COMMAND_OPTIONS: Record<Command['name'], Record<string, OptionKind>> = {
  help: {},
  whoami: { json: 'flag' },
  post: { quote: 'value', cw: 'value', sensitive: 'flag', poll: 'value', 'poll-hours': 'value' },
  reply: { cw: 'value', sensitive: 'flag' },
  edit: {},
  vote: {},
  pin: {},
  unpin: {},
  repost: {},
  like: {},
  delete: {},
  profile: { name: 'value', bio: 'value', handle: 'value' },
  follow: {},
  unfollow: {},
  following: { json: 'flag' },
  timeline: { limit: 'value', json: 'flag' },
  sync: { timeout: 'value' },
  serve: { port: 'value', 'no-ui': 'flag', 'new-token': 'flag' },
  reindex: {},
  check: {},
  token: { name: 'value', 'read-only': 'flag', messages: 'flag', json: 'flag' },
  device: DEVICE_OPTIONS,
  dm: DM_OPTIONS,
  mirror: MIRROR_OPTIONS,
  bookmark: {},
  unbookmark: {},
  bookmarks: { json: 'flag', limit: 'value' },
  list: LIST_OPTIONS,
  lists: { json: 'flag' },
  atom: { out: 'value', limit: 'value' },
  'import-twitter': {},
  export: { media: 'flag' },
  leave: { yes: 'flag' },
  identity: {}
}

const GLOBAL_OPTIONS: Record<string, OptionKind> = { data: 'value', bootstrap: 'value', host: 'value', relay: 'value', dns: 'value' }

// Positional arguments each command takes, by name (for messages).
const POSITIONALS: Record<Command['name'], string[]> = {
  help: [],
  whoami: [],
  post: ['TEXT'],
  reply: ['URI', 'TEXT'],
  edit: ['URI', 'TEXT'],
  vote: ['URI', 'CHOICE_NUMBER'],
  pin: ['URI'],
  unpin: ['URI'],
  repost: ['URI'],
  like: ['URI'],
  delete: ['URI'],
  profile: [],
  follow: ['KEY|URI|HANDLE'],
  unfollow: ['KEY|URI'],
  following: [],
  timeline: [],
  sync: [],
  serve: [],
  reindex: [],
  check: [],
  token: ['create|list|revoke|messages'],
  device: ['invite|join|list|remove'],
  dm: ['send|list|read|requests|accept|decline'],
  mirror: ['serve|add|remove|list|sync'],
  bookmark: ['URI'],
  unbookmark: ['URI'],
  bookmarks: [],
  list: ['create|delete|add|remove|show'],
  lists: [],
  atom: [],
  'import-twitter': ['ZIP'],
  export: ['FILE'],
  leave: [],
  identity: ['export|import', 'FILE']
}

const TOKEN_ACTIONS: Record<string, string[]> = { create: ['create'], list: ['list'], revoke: ['revoke', 'NAME'], messages: ['messages', 'NAME', 'on|off'] }

/** `token` takes a sub-command, and `token revoke` a name too. */
function positionalsOf(name: Command['name'], positionals: readonly string[]): string[] {
  if (name === 'device' && positionals.length > 0) {
    const action = positionals[0] as string
    const expected = Object.hasOwn(DEVICE_ACTIONS, action) ? DEVICE_ACTIONS[action] : undefined
    if (!expected) throw new UsageError(`unknown device command "${printable(action)}": use device invite, device join, device list or device remove`)
    return expected
  }
  if (name === 'dm' && positionals.length > 0) {
    const action = positionals[0] as string
    const expected = Object.hasOwn(DM_ACTIONS, action) ? DM_ACTIONS[action] : undefined
    if (!expected) throw new UsageError(`unknown dm command "${printable(action)}": use dm send, dm list, dm read, dm requests, dm accept or dm decline`)
    return expected
  }
  if (name === 'mirror' && positionals.length > 0) {
    const action = positionals[0] as string
    const expected = Object.hasOwn(MIRROR_ACTIONS, action) ? MIRROR_ACTIONS[action] : undefined
    if (!expected) throw new UsageError(`unknown mirror command "${printable(action)}": use mirror serve, add, remove, list or sync`)
    return expected
  }
  if (name === 'list' && positionals.length > 0) {
    const action = positionals[0] as string
    const expected = Object.hasOwn(LIST_ACTIONS, action) ? LIST_ACTIONS[action] : undefined
    if (!expected) throw new UsageError(`unknown list command "${printable(action)}": use list create, delete, add, remove or show`)
    return expected
  }
  if (name !== 'token' || positionals.length === 0) return POSITIONALS[name]
  const action = positionals[0] as string
  const expected = Object.hasOwn(TOKEN_ACTIONS, action) ? TOKEN_ACTIONS[action] : undefined
  if (!expected) throw new UsageError(`unknown token command "${printable(action)}": use token create, token list, token revoke or token messages`)
  return expected
}

function isCommandName(name: string): name is Command['name'] {
  return Object.hasOwn(COMMAND_OPTIONS, name)
}

/** Parses argv (without node and the script) and the environment's fallbacks. */
export function parseArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): Invocation {
  const globals = new Map<string, string>()
  const options = new Map<string, string | true>()
  const positionals: string[] = []
  let commandName: Command['name'] | null = null
  let help = false
  let onlyPositionals = false

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      if (commandName === null) {
        if (!isCommandName(arg)) throw new UsageError(`unknown command "${printable(arg)}" (see rstatus --help)`)
        commandName = arg
      } else {
        positionals.push(arg)
      }
      continue
    }
    if (arg === '--') {
      onlyPositionals = true
      continue
    }
    if (arg === '--help' || arg === '-h') {
      help = true
      continue
    }
    if (!arg.startsWith('--')) {
      const hint = commandName === 'post' || commandName === 'reply' || commandName === 'edit' ? ' (to post text that starts with -, put -- before it)' : ' (see rstatus --help)'
      throw new UsageError(`unknown option "${printable(arg)}"${hint}`)
    }

    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq === -1 ? undefined : eq)
    const inline = eq === -1 ? undefined : arg.slice(eq + 1)
    const kind = Object.hasOwn(GLOBAL_OPTIONS, name)
      ? GLOBAL_OPTIONS[name]
      : commandName !== null && Object.hasOwn(COMMAND_OPTIONS[commandName], name)
        ? COMMAND_OPTIONS[commandName][name]
        : undefined
    if (kind === undefined) {
      const where = commandName && !Object.hasOwn(GLOBAL_OPTIONS, name) ? ` for ${commandName}` : ''
      throw new UsageError(`unknown option "--${printable(name)}"${where} (see rstatus --help)`)
    }
    const target = Object.hasOwn(GLOBAL_OPTIONS, name) ? globals : options
    if (target.has(name)) throw new UsageError(`--${name} is given twice`)
    if (kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`)
      options.set(name, true)
      continue
    }
    const value = inline ?? argv[++i]
    if (value === undefined) throw new UsageError(`--${name} needs a value`)
    target.set(name, value)
  }

  if (help || commandName === null || commandName === 'help') {
    if (!help && commandName === null) throw new UsageError('no command given (see rstatus --help)')
    return { global: {}, command: { name: 'help' } }
  }

  const expected = positionalsOf(commandName, positionals)
  // Optional ones are written [NAME], after the required ones.
  const required = expected.filter((p) => !p.startsWith('['))
  if (positionals.length < required.length) {
    throw new UsageError(`${commandName} needs ${required.slice(positionals.length).join(' and ')} (see rstatus --help)`)
  }
  if (positionals.length > expected.length) {
    const hint = expected.at(-1) === 'TEXT' ? ' (put the text in quotes)' : ''
    throw new UsageError(`too many arguments for ${commandName}${hint}`)
  }

  return {
    global: parseGlobals(globals, env),
    command: buildCommand(commandName, positionals, options)
  }
}

function buildCommand(name: Command['name'], args: string[], options: Map<string, string | true>): Command {
  const flag = (o: string) => options.get(o) === true
  const value = (o: string) => {
    const v = options.get(o)
    return typeof v === 'string' ? v : undefined
  }
  const [a = '', b = '', c] = args
  switch (name) {
    case 'help':
    case 'reindex':
    case 'check':
      return { name }
    case 'whoami':
    case 'following':
      return { name, json: flag('json') }
    case 'post': {
      const quote = value('quote')
      const choices = value('poll')
      const hours = value('poll-hours')
      if (hours !== undefined && choices === undefined) throw new UsageError('--poll-hours goes with --poll')
      return {
        name,
        text: statusText(a),
        ...(quote !== undefined ? { quote: statusRef(quote) } : {}),
        ...warning(value('cw')),
        sensitive: flag('sensitive'),
        ...(choices !== undefined
          ? { poll: { choices: pollChoices(choices), hours: hours === undefined ? DEFAULT_POLL_HOURS : integer(hours, '--poll-hours', 1, MAX_POLL_HOURS) } }
          : {})
      }
    }
    case 'reply':
      return { name, to: statusRef(a), text: statusText(b), ...warning(value('cw')), sensitive: flag('sensitive') }
    case 'edit':
      return { name, uri: statusRef(a), text: statusText(b) }
    case 'vote':
      return { name, uri: statusRef(a), choice: integer(b, 'CHOICE_NUMBER', 1, MAX_POLL_CHOICES) }
    case 'pin':
    case 'unpin':
      return { name, uri: statusRef(a) }
    case 'repost':
    case 'like':
    case 'delete':
      return { name, uri: statusRef(a) }
    case 'follow': {
      // A domain handle (alice.example.org) is looked up when the command runs; anything else is a key or link.
      const handle = isKey(a) || a.trim().toLowerCase().startsWith(URI_SCHEME) ? null : handleFrom(a)
      return handle === null ? { name, key: feedRef(a) } : { name, handle }
    }
    case 'unfollow':
      return { name, key: feedRef(a) }
    case 'profile': {
      const set: { name?: string; bio?: string; handle?: string } = {}
      const n = value('name')
      const bio = value('bio')
      const claim = value('handle')
      if (claim !== undefined) {
        const h = claim.trim() === '' ? '' : handleFrom(claim)
        if (h === null) throw new UsageError(`--handle must be a domain name such as alice.example.org, or "" to claim none`)
        set.handle = h
      }
      if (n !== undefined) set.name = boundedText(n, 'name', MAX_NAME_CHARS, { allowEmpty: false })
      if (bio !== undefined) set.bio = boundedText(bio, 'bio', MAX_BIO_CHARS, { allowEmpty: true })
      return { name, set }
    }
    case 'timeline': {
      const limit = value('limit')
      return {
        name,
        json: flag('json'),
        limit: limit === undefined ? DEFAULT_TIMELINE_LIMIT : integer(limit, '--limit', 1, MAX_TIMELINE_LIMIT)
      }
    }
    case 'sync': {
      const t = value('timeout')
      const seconds = t === undefined ? DEFAULT_SYNC_TIMEOUT_S : decimal(t, '--timeout', 0, MAX_SYNC_TIMEOUT_S)
      return { name, timeoutMs: Math.round(seconds * 1000) }
    }
    case 'serve': {
      const p = value('port')
      return { name, ui: !flag('no-ui'), newToken: flag('new-token'), port: p === undefined ? DEFAULT_PORT : integer(p, '--port', 0, 65535) }
    }
    case 'token':
      return tokenCommand(a, b, c, options)
    case 'device':
      return deviceCommand(a, b, options)
    case 'dm':
      return dmCommand(a, args.slice(1), options)
    case 'mirror':
      return mirrorCommand(a, b, options)
    case 'bookmark':
    case 'unbookmark':
      return { name, uri: bookmarkUri(a) }
    case 'bookmarks': {
      const limit = value('limit')
      return { name, json: flag('json'), limit: limit === undefined ? DEFAULT_TIMELINE_LIMIT : integer(limit, '--limit', 1, MAX_TIMELINE_LIMIT) }
    }
    case 'lists':
      return { name, json: flag('json') }
    case 'list':
      return listCommand(a, args.slice(1), options, (t) => integer(t, '--limit', 1, MAX_TIMELINE_LIMIT), DEFAULT_TIMELINE_LIMIT)
    case 'import-twitter':
      if (a.trim() === '') throw new UsageError('import-twitter needs the path of the archive zip')
      return { name, zip: path.resolve(a) }
    case 'export':
      if (a.trim() === '') throw new UsageError('export needs a file name')
      return { name, file: path.resolve(a), media: flag('media') }
    case 'identity':
      if (a !== 'export' && a !== 'import') {
        throw new UsageError(`unknown identity command "${printable(a)}": use identity export FILE or identity import FILE`)
      }
      if (b.trim() === '') throw new UsageError(`identity ${a} needs a file name`)
      return { name, action: a, file: path.resolve(b) }
    case 'leave':
      if (!flag('yes')) {
        throw new UsageError('leave deletes your account for good: every status gets a tombstone and your feed stops being shared. To go ahead, run rstatus leave --yes')
      }
      return { name }
    case 'atom': {
      const out = value('out')
      const limit = value('limit')
      if (out !== undefined && out.trim() === '') throw new UsageError('--out needs a file name')
      return {
        name,
        out: out === undefined ? null : path.resolve(out),
        limit: limit === undefined ? null : integer(limit, '--limit', 1, MAX_TIMELINE_LIMIT)
      }
    }
  }
}

function tokenCommand(action: string, tokenName: string, onOff: string | undefined, options: Map<string, string | true>): Command {
  const only = (allowed: string[]) => {
    for (const o of options.keys()) {
      if (!allowed.includes(o)) throw new UsageError(`--${o} does not go with token ${action} (see rstatus --help)`)
    }
  }
  switch (action) {
    case 'create': {
      only(['name', 'read-only', 'messages'])
      const n = options.get('name')
      if (typeof n !== 'string' || n.trim() === '') throw new UsageError('token create needs --name NAME')
      return { name: 'token', action, tokenName: n, readOnly: options.get('read-only') === true, messages: options.get('messages') === true }
    }
    case 'messages':
      only([])
      if (onOff !== 'on' && onOff !== 'off') throw new UsageError('token messages takes a name, then on or off')
      return { name: 'token', action, tokenName, on: onOff === 'on' }
    case 'list':
      only(['json'])
      return { name: 'token', action, json: options.get('json') === true }
    default:
      only([])
      return { name: 'token', action: 'revoke', tokenName }
  }
}

function parseGlobals(globals: Map<string, string>, env: Record<string, string | undefined>): GlobalOptions {
  const out: GlobalOptions = {}
  const data = globals.get('data') ?? nonEmpty(env.RSTATUS_DATA)
  if (data !== undefined) {
    if (data.trim() === '') throw new UsageError('--data needs a directory')
    out.data = path.resolve(data)
  }
  const bootstrap = globals.get('bootstrap')
  if (bootstrap !== undefined) out.bootstrap = parseBootstrap(bootstrap, '--bootstrap')
  else if (nonEmpty(env.RSTATUS_BOOTSTRAP)) out.bootstrap = parseBootstrap(env.RSTATUS_BOOTSTRAP as string, 'RSTATUS_BOOTSTRAP')
  const host = globals.get('host')
  if (host !== undefined) {
    if (net.isIP(host) === 0) throw new UsageError(`--host must be an IP address, not "${printable(host)}"`)
    out.host = host
  }
  const relay = globals.get('relay')
  if (relay !== undefined) out.relays = relayKeys(relay, '--relay')
  else if (nonEmpty(env.RSTATUS_RELAY)) out.relays = relayKeys(env.RSTATUS_RELAY as string, 'RSTATUS_RELAY')
  const dns = globals.get('dns')
  try {
    if (dns !== undefined) out.dnsServers = parseDnsServers(dns, '--dns')
    else if (nonEmpty(env.RSTATUS_DNS)) out.dnsServers = parseDnsServers(env.RSTATUS_DNS as string, 'RSTATUS_DNS')
    const maxFeedBytes = maxFeedBytesFromEnv(env)
    if (maxFeedBytes !== undefined) out.maxFeedBytes = maxFeedBytes
    const mediaCacheBytes = mediaCacheBytesFromEnv(env)
    if (mediaCacheBytes !== undefined) out.mediaCacheBytes = mediaCacheBytes
  } catch (err) {
    throw asUsage(err)
  }
  return out
}

/** HOST:PORT[,HOST:PORT...]; an IPv6 host goes in brackets: [::1]:49737. */
export function parseBootstrap(text: string, source: string): Bootstrap[] {
  try {
    return parseBootstrapNodes(text, source)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

/** `--cw WARNING`: one line, as the feed wants it. */
function warning(cw: string | undefined): { cw?: string } {
  if (cw === undefined) return {}
  const text = cw.trim()
  checkedText(cw, text, '--cw', { maxChars: MAX_CW_CHARS, allowEmpty: false })
  if (/[\r\n]/.test(text)) throw new UsageError('--cw must be one line')
  return { cw: text }
}

/** `--poll "A|B[|C|D]"`: 2 to 4 choices; a choice cannot contain "|". */
function pollChoices(text: string): string[] {
  const choices = text.split('|').map((c) => c.trim())
  if (choices.length < MIN_POLL_CHOICES || choices.length > MAX_POLL_CHOICES) {
    throw new UsageError(`--poll needs ${MIN_POLL_CHOICES} to ${MAX_POLL_CHOICES} choices separated by |, as in --poll "tea|coffee"`)
  }
  for (const c of choices) checkedText(c, c, 'a poll choice', { maxChars: MAX_POLL_CHOICE_CHARS, allowEmpty: false })
  if (new Set(choices.map((c) => c.normalize('NFC'))).size !== choices.length) throw new UsageError('--poll has the same choice twice')
  return choices
}

function relayKeys(text: string, source: string): FeedKey[] {
  try {
    return parseRelayKeys(text, source)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

function statusText(text: string): string {
  return checkedText(text, text, 'status', { maxChars: MAX_STATUS_CHARS, maxBytes: MAX_STATUS_BYTES })
}

/** A profile field is trimmed before it is written, so its trimmed form is what must fit. */
function boundedText(text: string, field: string, max: number, opts: { allowEmpty: boolean }): string {
  return checkedText(text, text.trim(), field, { maxChars: max, allowEmpty: opts.allowEmpty })
}

/** `text` when `measured` fits the protocol's limits (textProblem); else one line saying what is wrong. */
function checkedText(text: string, measured: string, what: string, limits: Parameters<typeof textProblem>[1]): string {
  const problem = textProblem(measured, limits)
  if (problem?.kind === 'not-unicode') throw new UsageError(`the ${what} is not valid Unicode text`)
  if (problem?.kind === 'empty') throw new UsageError(`the ${what} is empty`)
  if (problem?.kind === 'control') throw new UsageError(`the ${what} holds the control character ${problem.char} (only tab and line breaks are allowed)`)
  if (problem) throw new UsageError(`the ${what} is ${problem.length} ${problem.unit} long; the limit is ${problem.limit}`)
  return text
}

/** A status link, normalised to rstatus://<z32>/<seq>. */
function statusRef(text: string): string {
  try {
    const { key, seq } = parseStatusUri(text)
    return `rstatus://${key}/${seq}`
  } catch (err) {
    throw asUsage(err)
  }
}

function feedRef(text: string): FeedKey {
  try {
    return parseRef(text).key
  } catch (err) {
    throw asUsage(err)
  }
}

function asUsage(err: unknown): unknown {
  return isRstatusError(err) ? new UsageError(lowerFirst(err.message)) : err
}

function integer(text: string, option: string, min: number, max: number): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not "${printable(text)}"`)
  }
  return n
}

function decimal(text: string, option: string, min: number, max: number): number {
  const n = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : NaN
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`${option} must be a number of seconds from ${min} to ${max}, not "${printable(text)}"`)
  }
  return n
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text
}

