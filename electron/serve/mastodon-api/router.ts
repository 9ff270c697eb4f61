// The door's routes and what every route handler is given. Each area (accounts, statuses, …) lists its
// routes in its own file; door.ts matches them, checks the scope, and writes the answer.
import type { Api } from '../../../shared/api/contract.js'
import type { WhoAmI } from '../../../shared/api/profile.js'
import type { AppGrant } from '../../engine/tokens/app-tokens.js'
import type { TwitterIds } from '../twitter-api/ids.js'
import type { Continuations } from '../twitter-api/timeline.js'
import type { EntityBuilder } from './entities.js'
import { MediaUrls, MISSING_AVATAR_PATH, type PendingMediaStore } from './media.js'
import type { MastodonParams } from './params.js'
import type { Registry } from './registry.js'
import type { Links } from './shapes.js'

/** public: no token (instance, app registration); read: any app token; write: a read-write one. */
export type Scope = 'public' | 'read' | 'write'

export interface RouteRequest {
  params: MastodonParams
  /** The request's URL, absolute, on the Host it was sent to (checked). */
  url: URL
  /** The caller's app token; null only on public routes. */
  grant: AppGrant | null
  method: string
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** The path's captured parts. */
  match: string[]
}

export interface Answer {
  status?: number
  /** JSON, unless `html` is set. */
  body?: unknown
  /** A page (the OAuth flow's), sent with the pages' strict policy unless `headers` names another. */
  html?: string
  /** Bytes (an image), with their Content-Type in `headers`. */
  bytes?: Buffer
  headers?: Record<string, string>
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  pattern: RegExp
  scope: Scope
  handle(req: RouteRequest): Promise<Answer>
}

export function route(method: Route['method'], pattern: RegExp, scope: Scope, handle: (req: RouteRequest) => Promise<Answer | unknown>): Route {
  return {
    method,
    pattern,
    scope,
    async handle(req) {
      const out = await handle(req)
      return isAnswer(out) ? out : { body: out }
    }
  }
}

const ANSWER = Symbol('answer')
/** An answer with a status or headers, rather than just a body. */
export function answer(body: unknown, extra: { status?: number; headers?: Record<string, string> } = {}): Answer {
  return Object.assign({ body, ...extra }, { [ANSWER]: true })
}

export function htmlAnswer(html: string, extra: { status?: number; headers?: Record<string, string> } = {}): Answer {
  return Object.assign({ html, ...extra }, { [ANSWER]: true })
}

function isAnswer(v: unknown): v is Answer {
  return typeof v === 'object' && v !== null && ANSWER in v
}

/** What every area's routes work with. */
export interface Door {
  api: Api
  /**
   * The Api as one app token may use it: each call passes the contract's scope table first. Routes that
   * touch private conversations call through this, so the grant is decided where every door decides it.
   */
  apiFor(grant: AppGrant | null): Api
  ids: TwitterIds
  registry: Registry
  media: MediaUrls
  pending: PendingMediaStore
  continuations: Continuations
  log: (line: string) => void
  /** An EntityBuilder for one request, with URLs on the origin the request came to. */
  builder(url: URL): EntityBuilder
  links(url: URL): Links
  me(): Promise<WhoAmI>
}

export function makeLinks(origin: string, media: MediaUrls): Links {
  return {
    accountUrl: (key) => `rstatus://${key}`,
    tagUrl: (tag) => `${origin}/tags/${encodeURIComponent(tag)}`,
    image: (feed, image, size) => origin + media.image(feed, image, size),
    missingAvatar: origin + MISSING_AVATAR_PATH
  }
}

