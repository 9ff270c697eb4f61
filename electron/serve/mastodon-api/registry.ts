// What the Mastodon door keeps between runs, in one private file (mastodon-api.json in the data
// directory, 0600): the apps registered with POST /api/v1/apps (their client secrets only as SHA-256), which
// app token each approval made, the key that signs image URLs, the notifications dismissed and the
// conversations removed from Mastodon apps' lists. The tokens
// themselves are the engine's app tokens (app-tokens.ts): listed, limited and revoked there.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import { MediaUrls } from './media.js'

/** Registered apps kept at most; past it, the oldest that never got a token are forgotten first. */
const MAX_APPS = 200
const MAX_DISMISSED = 2000
const MAX_HIDDEN_CONVERSATIONS = 2000

export interface RegisteredApp {
  clientId: string
  secretSha256: string
  name: string
  website: string | null
  redirectUris: string[]
  scopes: string[]
  createdAt: number
}

interface StateFile {
  version: 1
  mediaKey: string
  apps: RegisteredApp[]
  /** App token id (its SHA-256, as app-tokens.ts keeps it) → the client_id whose approval made it. */
  tokens: Record<string, string>
  /** Notifications with an id at or below this are cleared (POST /api/v1/notifications/clear). */
  clearedThrough: string | null
  dismissed: string[]
  /** Conversation id → the id of its last message when it was removed: it shows again once another arrives. */
  hiddenConversations: Record<string, string>
}

export class Registry {
  private state: StateFile

  constructor(
    private readonly file: string,
    private readonly log: (line: string) => void = () => {}
  ) {
    const existed = fs.existsSync(file)
    this.state = readState(file, log)
    // Written at once, so the image-signing key is the same on the next start.
    if (!existed) this.save(this.state)
  }

  get mediaKey(): Buffer {
    return Buffer.from(this.state.mediaKey, 'hex')
  }

  register(app: { name: string; website: string | null; redirectUris: string[]; scopes: string[] }, now = Date.now()): RegisteredApp & { clientSecret: string } {
    const clientId = randomBytes(32).toString('base64url')
    const clientSecret = randomBytes(32).toString('base64url')
    const entry: RegisteredApp = { clientId, secretSha256: sha256(clientSecret), createdAt: now, ...app }
    const withTokens = new Set(Object.values(this.state.tokens))
    const apps = [...this.state.apps, entry]
    while (apps.length > MAX_APPS) {
      const idle = apps.findIndex((a) => !withTokens.has(a.clientId))
      apps.splice(idle === -1 ? 0 : idle, 1)
    }
    this.save({ ...this.state, apps })
    return { ...entry, clientSecret }
  }

  app(clientId: string | undefined): RegisteredApp | null {
    if (typeof clientId !== 'string') return null
    return this.state.apps.find((a) => a.clientId === clientId) ?? null
  }

  /** The app, when the secret is its own (compared as digests, in constant time). */
  authenticate(clientId: string | undefined, clientSecret: string | undefined): RegisteredApp | null {
    const app = this.app(clientId)
    if (!app || typeof clientSecret !== 'string' || clientSecret.length > 200) return null
    return timingSafeEqual(Buffer.from(sha256(clientSecret), 'hex'), Buffer.from(app.secretSha256, 'hex')) ? app : null
  }

  /** By the token's id, not its name: a name is free again once revoked, and may name another app's token. */
  recordToken(id: string, clientId: string): void {
    this.save({ ...this.state, tokens: { ...this.state.tokens, [id]: clientId } })
  }

  appOfToken(id: string): RegisteredApp | null {
    const clientId = Object.hasOwn(this.state.tokens, id) ? this.state.tokens[id] : undefined
    return this.app(clientId)
  }

  forgetToken(id: string): void {
    if (!Object.hasOwn(this.state.tokens, id)) return
    const { [id]: _, ...tokens } = this.state.tokens
    this.save({ ...this.state, tokens })
  }

  get clearedThrough(): string | null {
    return this.state.clearedThrough
  }

  get dismissed(): ReadonlySet<string> {
    return new Set(this.state.dismissed)
  }

  clearNotifications(through: string): void {
    this.save({ ...this.state, clearedThrough: through, dismissed: [] })
  }

  dismiss(id: string): void {
    if (this.state.dismissed.includes(id)) return
    this.save({ ...this.state, dismissed: [...this.state.dismissed, id].slice(-MAX_DISMISSED) })
  }

  get hiddenConversations(): Readonly<Record<string, string>> {
    return this.state.hiddenConversations
  }

  hideConversation(id: string, lastMessage: string): void {
    const kept = Object.entries({ ...this.state.hiddenConversations, [id]: lastMessage }).slice(-MAX_HIDDEN_CONVERSATIONS)
    this.save({ ...this.state, hiddenConversations: Object.fromEntries(kept) })
  }

  private save(state: StateFile): void {
    const tmp = `${this.file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 })
    fs.chmodSync(tmp, 0o600)
    fs.renameSync(tmp, this.file)
    this.state = state
  }
}

function fresh(): StateFile {
  return { version: 1, mediaKey: MediaUrls.freshKey(), apps: [], tokens: {}, clearedThrough: null, dismissed: [], hiddenConversations: {} }
}

function readState(file: string, log: (line: string) => void): StateFile {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fresh()
    throw err
  }
  try {
    const parsed = JSON.parse(text) as Partial<StateFile>
    if (parsed.version !== 1 || typeof parsed.mediaKey !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.mediaKey)) throw new Error('bad header')
    const tokens: Record<string, string> = {}
    for (const [k, v] of Object.entries(parsed.tokens ?? {})) if (/^[0-9a-f]{64}$/.test(k) && typeof v === 'string') tokens[k] = v
    return {
      version: 1,
      mediaKey: parsed.mediaKey,
      apps: Array.isArray(parsed.apps) ? parsed.apps.filter(isApp) : [],
      tokens,
      clearedThrough: typeof parsed.clearedThrough === 'string' && /^\d{1,20}$/.test(parsed.clearedThrough) ? parsed.clearedThrough : null,
      dismissed: Array.isArray(parsed.dismissed) ? parsed.dismissed.filter((d): d is string => typeof d === 'string').slice(-MAX_DISMISSED) : [],
      hiddenConversations: Object.fromEntries(
        Object.entries(parsed.hiddenConversations ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string').slice(-MAX_HIDDEN_CONVERSATIONS)
      )
    }
  } catch {
    // Registered apps register again; their tokens stay valid (they are app tokens) until revoked.
    log(`rstatus: ${file} is damaged; Mastodon apps must register again`)
    return fresh()
  }
}

function isApp(value: unknown): value is RegisteredApp {
  const a = value as Partial<RegisteredApp> | null
  return (
    typeof a === 'object' && a !== null &&
    typeof a.clientId === 'string' && typeof a.secretSha256 === 'string' && /^[0-9a-f]{64}$/.test(a.secretSha256) &&
    typeof a.name === 'string' && (a.website === null || typeof a.website === 'string') &&
    Array.isArray(a.redirectUris) && a.redirectUris.every((u) => typeof u === 'string') &&
    Array.isArray(a.scopes) && a.scopes.every((s) => typeof s === 'string') &&
    Number.isSafeInteger(a.createdAt)
  )
}

/** An app token's id as app-tokens.ts keeps it (AppGrant.id): the SHA-256 of the token, in hex. */
export function tokenId(token: string): string {
  return sha256(token)
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
