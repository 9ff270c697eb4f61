// Registering an app and the OAuth flow (RFC 6749's authorization code grant, as Mastodon runs it), ending
// in an app token of the engine's (app-tokens.ts): approving an app makes a token named after it, which
// `rstatus token list` and the Apps page show and revoke. Approving needs the person's own UI session (the
// UI's cookie, and this server's Origin on the form post), so no app can approve itself.
//
// Redirects: `urn:ietf:wg:oauth:2.0:oob` (the page shows the code to paste) and loopback http addresses
// (RFC 8252 §7.3: a desktop app listening on 127.0.0.1, localhost or [::1], any port). Other schemes are
// refused when the app registers: they belong to apps on other devices, which cannot reach 127.0.0.1.
import { randomBytes } from 'node:crypto'
import type { Api } from '../../../shared/api/contract.js'
import { authorize } from '../auth.js'
import type { AppTokenVerifier, ServerFacts } from './access.js'
import { approvalPage, codePage, messagePage, pagePolicy } from './approval-page.js'
import { mastodonErrors, MastodonError } from './errors.js'
import type { MastodonParams } from './params.js'
import { tokenId, type Registry } from './registry.js'
import { answer, htmlAnswer, route, type Answer, type Route, type RouteRequest } from './router.js'

export const OOB = 'urn:ietf:wg:oauth:2.0:oob'
const CODE_TTL_MS = 10 * 60 * 1000
const MAX_CODES = 100
/** Mastodon's scopes: the top-level ones and their granular forms (read:statuses, write:media, …). */
const SCOPE = /^(read|write|follow|push|profile)(:[a-z_]{1,40})?$/
const WRITE_SCOPE = /^(write|follow)(:|$)/
/**
 * The scopes under which Mastodon lets an app see direct statuses and conversations (`read:statuses` reads
 * them, `GET /api/v1/conversations` needs it). Only an app asking for one is offered the person's messages,
 * and then only if the person ticks it.
 */
const MESSAGE_SCOPE = /^read(:statuses)?$/
const MAX_NAME_CHARS = 64

interface Grant {
  clientId: string
  redirectUri: string
  scopes: string[]
  readOnly: boolean
  messages: boolean
  expiresAt: number
}

/** A redirect URI this door can send a browser back to: oob, or http on the loopback interface. */
export function loopbackOrOob(uri: string): boolean {
  if (uri === OOB) return true
  let u: URL
  try {
    u = new URL(uri)
  } catch {
    return false
  }
  return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) && u.username === '' && u.password === '' && u.hash === ''
}

export function parseScopes(text: string | undefined, fallback = 'read'): string[] | null {
  const scopes = [...new Set((text ?? fallback).split(/[\s+]+/).filter((s) => s !== ''))]
  if (scopes.length === 0) return parseScopes(fallback)
  return scopes.every((s) => SCOPE.test(s)) ? scopes : null
}

export function scopesWrite(scopes: readonly string[]): boolean {
  return scopes.some((s) => WRITE_SCOPE.test(s))
}

export function scopesReachMessages(scopes: readonly string[]): boolean {
  return scopes.some((s) => MESSAGE_SCOPE.test(s))
}

/** The app token's name for an app: its own name, cleaned to what token names allow, made unique. */
export function tokenNameFor(appName: string, taken: ReadonlySet<string>): string {
  const clean = appName
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[ ._-]+|[ ]+$/g, '')
    .slice(0, MAX_NAME_CHARS - 4)
    .trim()
  const base = clean === '' ? 'Mastodon app' : clean
  const lower = new Set([...taken].map((t) => t.toLowerCase()))
  if (!lower.has(base.toLowerCase())) return base
  for (let n = 2; ; n++) if (!lower.has(`${base} ${n}`.toLowerCase())) return `${base} ${n}`
}

export class OAuth {
  private readonly codes = new Map<string, Grant>()

  constructor(
    private readonly api: Api,
    private readonly registry: Registry,
    private readonly apps: AppTokenVerifier,
    private readonly server: ServerFacts
  ) {}

  routes(): Route[] {
    return [
      route('POST', /^\/api\/v1\/apps$/, 'public', (r) => this.register(r.params)),
      route('GET', /^\/api\/v1\/apps\/verify_credentials$/, 'read', (r) => this.verifyApp(r)),
      route('GET', /^\/oauth\/authorize$/, 'public', (r) => this.authorizePage(r)),
      route('POST', /^\/oauth\/authorize$/, 'public', (r) => this.decide(r)),
      route('POST', /^\/oauth\/token$/, 'public', (r) => this.token(r)),
      route('POST', /^\/oauth\/revoke$/, 'public', (r) => this.revoke(r))
    ]
  }

  private async register(params: MastodonParams): Promise<unknown> {
    const name = params.string('client_name')?.trim()
    if (!name) throw mastodonErrors.validation("Name can't be blank")
    if ([...name].length > 200) throw mastodonErrors.validation('Name is too long (maximum is 200 characters)')
    const redirects = redirectUris(params)
    if (redirects.length === 0) throw mastodonErrors.validation("Redirect URI can't be blank")
    if (!redirects.every(loopbackOrOob)) {
      throw mastodonErrors.validation(`Redirect URI must be ${OOB} or an http address on 127.0.0.1, localhost or [::1]: rstatus listens only on this computer`)
    }
    const scopes = parseScopes(params.string('scopes'))
    if (!scopes) throw mastodonErrors.validation('Scopes are invalid')
    const website = params.string('website')?.trim() || null
    const app = this.registry.register({ name, website: website && website.length <= 500 ? website : null, redirectUris: redirects, scopes })
    return {
      id: app.clientId.slice(0, 12),
      name: app.name,
      website: app.website,
      redirect_uri: app.redirectUris.join('\n'),
      redirect_uris: app.redirectUris,
      scopes: app.scopes,
      client_id: app.clientId,
      client_secret: app.clientSecret,
      vapid_key: ''
    }
  }

  private async verifyApp(r: RouteRequest): Promise<unknown> {
    const app = r.grant ? this.registry.appOfToken(r.grant.id) : null
    return { name: app?.name ?? r.grant?.name ?? '', website: app?.website ?? null, scopes: app?.scopes ?? ['read'], vapid_key: '' }
  }

  /** GET /oauth/authorize: the approval page, for the person signed in to this server's UI. */
  private async authorizePage(r: RouteRequest): Promise<Answer> {
    const request = this.authorizationRequest(r.params)
    if (request instanceof MastodonError) return htmlAnswer(messagePage('This app cannot be approved', request.message), { status: request.status })
    const session = this.session(r, false)
    if (session) return session
    const { app, redirectUri, scopes } = request
    return htmlAnswer(
      approvalPage({
        appName: app.name,
        website: app.website,
        scopes,
        canWrite: scopesWrite(scopes),
        canAskMessages: scopesReachMessages(scopes),
        fields: { client_id: app.clientId, redirect_uri: redirectUri, scope: scopes.join(' '), state: r.params.string('state') ?? '' }
      }),
      { headers: { 'Content-Security-Policy': pagePolicy(redirectUri === OOB ? [] : [new URL(redirectUri).origin]) } }
    )
  }

  /** POST /oauth/authorize: the person's answer, from the approval page's form. */
  private async decide(r: RouteRequest): Promise<Answer> {
    const session = this.session(r, true)
    if (session) return session
    const request = this.authorizationRequest(r.params)
    if (request instanceof MastodonError) return htmlAnswer(messagePage('This app cannot be approved', request.message), { status: request.status })
    const { app, redirectUri, scopes } = request
    const state = r.params.string('state') ?? ''
    if (r.params.string('decision') !== 'approve') {
      if (redirectUri === OOB) return htmlAnswer(messagePage('Not approved', `${app.name} was not given access.`))
      return redirect(withQuery(redirectUri, { error: 'access_denied', error_description: 'The person did not approve the app', ...(state ? { state } : {}) }))
    }
    const readOnly = r.params.flag('read_only') || !scopesWrite(scopes)
    const messages = r.params.flag('messages') && scopesReachMessages(scopes)
    const code = randomBytes(32).toString('base64url')
    this.prune()
    this.codes.set(code, { clientId: app.clientId, redirectUri, scopes, readOnly, messages, expiresAt: Date.now() + CODE_TTL_MS })
    while (this.codes.size > MAX_CODES) this.codes.delete(this.codes.keys().next().value as string)
    if (redirectUri === OOB) return htmlAnswer(codePage(app.name, code))
    return redirect(withQuery(redirectUri, { code, ...(state ? { state } : {}) }))
  }

  private async token(r: RouteRequest): Promise<unknown> {
    const client = this.client(r)
    const grantType = r.params.string('grant_type')
    if (grantType !== 'authorization_code') {
      throw mastodonErrors.oauth(400, 'unsupported_grant_type', 'rstatus gives tokens for the authorization_code grant only')
    }
    const code = r.params.string('code') ?? ''
    this.prune()
    const grant = this.codes.get(code)
    if (!grant || grant.clientId !== client.clientId) {
      throw mastodonErrors.oauth(400, 'invalid_grant', 'The authorization code is not valid, was used already, or has expired')
    }
    const redirectUri = r.params.string('redirect_uri') ?? grant.redirectUri
    if (redirectUri !== grant.redirectUri) throw mastodonErrors.oauth(400, 'invalid_grant', 'The redirect URI does not match the one the code was given for')
    this.codes.delete(code)
    const made = await this.createToken(client.name, grant.readOnly, grant.messages)
    this.registry.recordToken(tokenId(made.token), client.clientId)
    const scopes = grant.readOnly ? grant.scopes.filter((s) => !WRITE_SCOPE.test(s)) : grant.scopes
    return {
      access_token: made.token,
      token_type: 'Bearer',
      scope: (scopes.length > 0 ? scopes : ['read']).join(' '),
      created_at: Math.floor(made.createdAt / 1000)
    }
  }

  private async revoke(r: RouteRequest): Promise<unknown> {
    const client = this.client(r)
    const grant = this.apps.verify(r.params.string('token'))
    if (!grant) return {}
    if (this.registry.appOfToken(grant.id)?.clientId !== client.clientId) {
      throw mastodonErrors.oauth(403, 'unauthorized_client', 'You are not authorized to revoke this token')
    }
    await this.api.call('revokeAppToken', { name: grant.name })
    this.registry.forgetToken(grant.id)
    return {}
  }

  private async createToken(appName: string, readOnly: boolean, messages: boolean) {
    for (let attempt = 0; ; attempt++) {
      const taken = new Set((await this.api.call('appTokens', {})).map((t) => t.name))
      try {
        return await this.api.call('createAppToken', { name: tokenNameFor(appName, taken), readOnly, messages })
      } catch (err) {
        // Another approval took the name in between: pick again.
        if (attempt >= 3) throw err
      }
    }
  }

  /** The registered app, from client_id and client_secret in the body or as HTTP Basic. */
  private client(r: RouteRequest) {
    let id = r.params.string('client_id')
    let secret = r.params.string('client_secret')
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(String(r.headers.authorization ?? ''))
    if (basic) {
      const [user, pass] = Buffer.from(basic[1] as string, 'base64').toString('utf8').split(':')
      id = decodeURIComponent(user ?? '')
      secret = decodeURIComponent(pass ?? '')
    }
    const app = this.registry.authenticate(id, secret)
    if (!app) throw mastodonErrors.oauth(401, 'invalid_client', 'Client authentication failed: unknown client, or a wrong secret')
    return app
  }

  private authorizationRequest(params: MastodonParams) {
    const app = this.registry.app(params.string('client_id'))
    if (!app) return mastodonErrors.badRequest('No app is registered with this client_id: register it again (POST /api/v1/apps)')
    const type = params.string('response_type')
    if (type !== undefined && type !== 'code') return mastodonErrors.badRequest('Only response_type=code is supported')
    const redirectUri = params.string('redirect_uri') ?? (app.redirectUris.length === 1 ? app.redirectUris[0] : undefined)
    if (redirectUri === undefined || !app.redirectUris.includes(redirectUri)) {
      return mastodonErrors.badRequest('The redirect_uri is not one the app registered')
    }
    const scopes = parseScopes(params.string('scope'), app.scopes.join(' '))
    if (!scopes || !scopes.every((s) => app.scopes.includes(s) || app.scopes.includes(s.split(':')[0] as string))) {
      return mastodonErrors.badRequest('The app asks for scopes it did not register')
    }
    return { app, redirectUri, scopes }
  }

  /** Null when the request comes from the person's own UI session; else the page to show instead. */
  private session(r: RouteRequest, posting: boolean): Answer | null {
    const decision = authorize(
      {
        method: r.method,
        url: r.url.pathname,
        headers: {
          host: single(r.headers.host),
          origin: single(r.headers.origin),
          cookie: single(r.headers.cookie),
          authorization: single(r.headers.authorization)
        },
        sensitive: posting
      },
      { token: this.server.uiToken, port: this.server.port }
    )
    if (decision.kind === 'ok') return null
    if (decision.kind === 'bad-host' || decision.kind === 'bad-origin') {
      return htmlAnswer(messagePage('Refused', 'Apps are approved only from this server’s own page.'), { status: 403 })
    }
    return htmlAnswer(
      messagePage('Sign in to rstatus first', 'Open the address that rstatus serve printed (it signs this browser in), then reload this page to approve the app.'),
      { status: 401 }
    )
  }

  private prune(now = Date.now()): void {
    for (const [code, grant] of this.codes) if (grant.expiresAt < now) this.codes.delete(code)
  }
}

function redirectUris(params: MastodonParams): string[] {
  const list = params.strings('redirect_uris')
  const raw = list.length > 0 ? list : [params.string('redirect_uri') ?? OOB]
  return [...new Set(raw.flatMap((u) => u.split(/\s+/)).filter((u) => u !== ''))].slice(0, 10)
}

function withQuery(uri: string, query: Record<string, string>): string {
  const u = new URL(uri)
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v)
  return u.href
}

function redirect(location: string): Answer {
  return answer(undefined, { status: 303, headers: { Location: location } })
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}
