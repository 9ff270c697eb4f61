// Per-app access tokens: other local apps reach `rstatus serve` with one of these instead of the
// UI's own token, so each can be limited (read-only) and revoked alone. Only a SHA-256 of each token is
// stored; the token itself is shown once, when it is made. The file is private to the user (0600).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import type { AppToken } from '../../../shared/api/tokens.js'
import { RstatusError } from '../../../shared/errors.js'
import { printable } from '../../../shared/printable.js'
import { writeFileAtomic } from '../../platform/atomic-file.js'

export const APP_TOKEN_PREFIX = 'rst_'
const MAX_TOKENS = 100
/** lastUsedAt is written at most this often per token, so a busy app does not rewrite the file per request. */
const LAST_USED_PRECISION_MS = 60_000
const NAME = /^[\p{L}\p{N}](?:[\p{L}\p{N} ._-]{0,62}[\p{L}\p{N}._-])?$/u

/** What a request made with a valid token may do; `id` lets a long-lived connection check it is still valid. */
export interface AppGrant {
  id: string
  name: string
  readOnly: boolean
  /** May read (and, unless read-only, send) the person's private conversations. */
  messages: boolean
}

interface StoredToken extends AppToken {
  sha256: string
}

export class AppTokens {
  private tokens: StoredToken[] | null = null
  private readonly revokeListeners = new Set<(name: string) => void>()

  constructor(
    private readonly file: string,
    private readonly log: (line: string) => void = () => {}
  ) {}

  list(): AppToken[] {
    return this.load().map(listed)
  }

  create(name: string, opts: { readOnly?: boolean; messages?: boolean; now?: number } = {}): AppToken & { token: string } {
    const clean = checkName(name)
    const tokens = this.load()
    const taken = tokens.find((t) => t.name.toLowerCase() === clean.toLowerCase())
    if (taken) {
      throw new RstatusError('INVALID_INPUT', `An app token named "${taken.name}" exists already: revoke it first, or choose another name`)
    }
    if (tokens.length >= MAX_TOKENS) throw new RstatusError('INVALID_INPUT', `You have ${MAX_TOKENS} app tokens: revoke some first`)
    const token = APP_TOKEN_PREFIX + randomBytes(32).toString('base64url')
    const entry: StoredToken = {
      name: clean,
      readOnly: opts.readOnly === true,
      messages: opts.messages === true,
      createdAt: opts.now ?? Date.now(),
      lastUsedAt: null,
      sha256: digest(token).toString('hex')
    }
    this.save([...tokens, entry])
    return { ...listed(entry), token }
  }

  /** Grants or takes back the person's private conversations; the app's next request sees the change. */
  setMessages(name: string, on: boolean): AppToken {
    const tokens = this.load()
    const found = tokens.find((t) => t.name.toLowerCase() === name.trim().toLowerCase())
    if (!found) throw new RstatusError('NOT_FOUND', `No app token is named "${printable(name)}"`)
    const changed = { ...found, messages: on }
    this.save(tokens.map((t) => (t === found ? changed : t)))
    return listed(changed)
  }

  revoke(name: string): { name: string } {
    const tokens = this.load()
    const found = tokens.find((t) => t.name.toLowerCase() === name.trim().toLowerCase())
    if (!found) throw new RstatusError('NOT_FOUND', `No app token is named "${printable(name)}"`)
    this.save(tokens.filter((t) => t !== found))
    for (const fn of [...this.revokeListeners]) fn(found.name)
    return { name: found.name }
  }

  /** The grant for a presented token, or null. Compares digests in constant time, against every stored token. */
  verify(candidate: string | undefined, now = Date.now()): AppGrant | null {
    if (typeof candidate !== 'string' || !candidate.startsWith(APP_TOKEN_PREFIX) || candidate.length > 200) return null
    const presented = digest(candidate)
    let match: StoredToken | null = null
    for (const t of this.load()) {
      if (timingSafeEqual(presented, Buffer.from(t.sha256, 'hex'))) match = t
    }
    if (!match) return null
    if (match.lastUsedAt === null || now - match.lastUsedAt >= LAST_USED_PRECISION_MS) {
      match.lastUsedAt = now
      this.trySave()
    }
    return { id: match.sha256, name: match.name, readOnly: match.readOnly, messages: match.messages }
  }

  /** False once the token behind the grant is revoked: long-lived connections check this per call. */
  isValid(grant: AppGrant): boolean {
    return this.load().some((t) => t.sha256 === grant.id)
  }

  /** Whether the token behind the grant may use private conversations now (taking them back works at once). */
  allowsMessages(grant: AppGrant): boolean {
    return this.load().some((t) => t.sha256 === grant.id && t.messages)
  }

  onRevoke(fn: (name: string) => void): () => void {
    this.revokeListeners.add(fn)
    return () => void this.revokeListeners.delete(fn)
  }

  private load(): StoredToken[] {
    if (this.tokens === null) this.tokens = readTokens(this.file, this.log)
    return this.tokens
  }

  private save(tokens: StoredToken[]): void {
    writeFileAtomic(this.file, JSON.stringify({ version: 1, tokens }, null, 2) + '\n')
    this.tokens = tokens
  }

  private trySave(): void {
    try {
      this.save(this.load())
    } catch (err) {
      // lastUsedAt is a convenience; a full disk must not refuse the request that used the token
      this.log(`rstatus: could not record when an app token was last used: ${(err as Error).message}`)
    }
  }
}

function readTokens(file: string, log: (line: string) => void): StoredToken[] {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  try {
    const parsed = JSON.parse(text) as { tokens?: unknown }
    if (!Array.isArray(parsed.tokens)) throw new Error('no token list')
    // Files from before messages could be granted have no `messages`: those tokens never had them.
    return parsed.tokens
      .map((t: unknown) => (typeof t === 'object' && t !== null && !('messages' in t) ? { ...t, messages: false } : t))
      .filter(isStoredToken)
  } catch {
    // Fail closed: a damaged file grants nothing. Creating a token writes a fresh file.
    log(`rstatus: ${file} is damaged; no app token is accepted until new ones are created`)
    return []
  }
}

function isStoredToken(value: unknown): value is StoredToken {
  const t = value as Partial<StoredToken> | null
  return (
    typeof t === 'object' && t !== null &&
    typeof t.name === 'string' && NAME.test(t.name) &&
    typeof t.sha256 === 'string' && /^[0-9a-f]{64}$/.test(t.sha256) &&
    typeof t.readOnly === 'boolean' &&
    typeof t.messages === 'boolean' &&
    Number.isSafeInteger(t.createdAt) &&
    (t.lastUsedAt === null || Number.isSafeInteger(t.lastUsedAt))
  )
}

function listed({ name, readOnly, messages, createdAt, lastUsedAt }: StoredToken): AppToken {
  return { name, readOnly, messages, createdAt, lastUsedAt }
}

function checkName(name: string): string {
  const clean = name.trim()
  if (!NAME.test(clean)) {
    throw new RstatusError(
      'INVALID_INPUT',
      'A token name has 1 to 64 letters, digits, spaces, dots, dashes or underscores, and starts with a letter or digit'
    )
  }
  return clean
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}
