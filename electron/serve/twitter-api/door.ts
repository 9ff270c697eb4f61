// The Twitter-compatible subset over the engine's Api: the endpoints of Twitter's v1.1 API that
// scripts and simple clients use most, with Twitter's shapes and errors (docs/API.md lists them). The web
// server has checked the token; this door knows only whether it may write.
import type { Api } from '../../../shared/api/contract.js'
import type { StatusView } from '../../../shared/api/shapes.js'
import { parseRef, parseStatusUri, type FeedKey } from '../../../shared/keys.js'
import { MAX_STATUS_BYTES, MAX_STATUS_CHARS } from '../../../shared/protocol/limits.js'
import { countChars, mentionNamesOf, utf8Length } from '../../../shared/protocol/text.js'
import { fromRstatusError, twitterErrors } from './errors.js'
import type { TwitterIds } from './ids.js'
import { screenNameOf } from './shapes.js'
import { Continuations, DEFAULT_COUNT, MAX_COUNT, readTimeline, type PageSource, type TimelineQuery } from './timeline.js'
import { TweetBuilder } from './tweets.js'

export const TWITTER_PREFIX = '/1.1/'
const MAX_INT32 = 2 ** 31 - 1

export interface TwitterRequest {
  method: string
  /** The path below /1.1/, e.g. "statuses/show/123.json". */
  path: string
  /** Query and body parameters together; the body wins. */
  params: ReadonlyMap<string, string>
  /** False for a read-only token: writes answer 261. */
  canWrite: boolean
}

export interface TwitterResponse {
  status: number
  body: unknown
}

type Handler = (req: TwitterRequest, arg: string | undefined) => Promise<unknown>

interface Route {
  method: 'GET' | 'POST'
  pattern: RegExp
  write: boolean
  handler: Handler
}

export class TwitterDoor {
  private readonly continuations = new Continuations()
  private readonly routes: Route[]

  constructor(
    private readonly api: Api,
    private readonly ids: TwitterIds,
    private readonly log: (line: string) => void = (line) => console.error(line)
  ) {
    this.routes = [
      { method: 'POST', pattern: /^statuses\/update\.json$/, write: true, handler: (r) => this.update(r) },
      { method: 'GET', pattern: /^statuses\/home_timeline\.json$/, write: false, handler: (r) => this.homeTimeline(r) },
      { method: 'GET', pattern: /^statuses\/user_timeline\.json$/, write: false, handler: (r) => this.userTimeline(r) },
      { method: 'GET', pattern: /^statuses\/show\/([^/]+)\.json$/, write: false, handler: (r, id) => this.show(r, id) },
      { method: 'GET', pattern: /^statuses\/show\.json$/, write: false, handler: (r) => this.show(r, requiredId(r)) },
      { method: 'POST', pattern: /^statuses\/destroy\/([^/]+)\.json$/, write: true, handler: (r, id) => this.destroy(r, id) },
      { method: 'POST', pattern: /^favorites\/create\.json$/, write: true, handler: (r) => this.favorite(r) },
      { method: 'POST', pattern: /^favorites\/destroy\.json$/, write: true, handler: (r) => this.unfavorite(r) },
      { method: 'POST', pattern: /^statuses\/retweet\/([^/]+)\.json$/, write: true, handler: (r, id) => this.retweet(r, id) },
      { method: 'POST', pattern: /^statuses\/unretweet\/([^/]+)\.json$/, write: true, handler: (r, id) => this.unretweet(r, id) },
      { method: 'GET', pattern: /^statuses\/mentions_timeline\.json$/, write: false, handler: (r) => this.mentionsTimeline(r) },
      { method: 'GET', pattern: /^account\/verify_credentials\.json$/, write: false, handler: (r) => this.verifyCredentials(r) }
    ]
  }

  async handle(req: TwitterRequest): Promise<TwitterResponse> {
    try {
      for (const route of this.routes) {
        const m = route.pattern.exec(req.path)
        if (!m || route.method !== req.method) continue
        if (route.write && !req.canWrite) throw twitterErrors.readOnly()
        return { status: 200, body: await route.handler(req, m[1]) }
      }
      throw twitterErrors.notFound()
    } catch (err) {
      const known = fromRstatusError(err)
      if (known) return { status: known.status, body: known.body }
      const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
      this.log(`rstatus: Twitter API ${req.method} /1.1/${req.path} failed: ${detail.split('\n')[0]}`)
      const internal = twitterErrors.internal()
      return { status: internal.status, body: internal.body }
    }
  }

  // ---- Endpoints -----------------------------------------------------------------------------------

  private async update(req: TwitterRequest): Promise<unknown> {
    const text = req.params.get('status')
    if (text === undefined || text.trim() === '') throw twitterErrors.missingStatus()
    if (countChars(text) > MAX_STATUS_CHARS || utf8Length(text) > MAX_STATUS_BYTES) throw twitterErrors.tooLong()
    const replyId = req.params.get('in_reply_to_status_id')
    let status: StatusView
    if (replyId !== undefined && replyId !== '') {
      const to = await this.uriOf(replyId)
      const parent = to === null ? null : await this.api.call('status', { uri: to })
      if (to === null || parent === null) throw twitterErrors.replyTargetMissing()
      const mentions = await this.screenNameMentions(text, parent)
      status = await this.api.call('reply', { to, text, ...(mentions.length > 0 ? { mentions } : {}) })
    } else {
      const mentions = await this.screenNameMentions(text, null)
      status = await this.api.call('post', { text, ...(mentions.length > 0 ? { mentions } : {}) })
    }
    return this.builder(req).tweet(status)
  }

  /**
   * What each @screen_name typed in a Twitter client stands for: the one person, among me, the people I
   * follow, and the author and mentions of the status replied to, whose screen_name it is (ignoring case).
   * Names that match no one, or several, are left to the engine's own rule (a unique profile name).
   */
  private async screenNameMentions(text: string, parent: StatusView | null): Promise<Array<{ name: string; key: FeedKey }>> {
    const typed = mentionNamesOf(text).filter((n) => /^[A-Za-z0-9_]{1,15}$/.test(n))
    if (typed.length === 0) return []
    const me = await this.api.call('whoami', {})
    const candidates = new Map<FeedKey, string | null>([[me.key, me.profile.name]])
    for (const p of await this.api.call('following', {})) candidates.set(p.key, p.name)
    if (parent) {
      candidates.set(parent.author.key, parent.author.name)
      for (const m of parent.mentions ?? []) {
        if (!candidates.has(m.key)) candidates.set(m.key, (await this.api.call('profile', { key: m.key })).name)
      }
    }
    const out: Array<{ name: string; key: FeedKey }> = []
    for (const name of typed) {
      const matches = [...candidates].filter(([key, n]) => screenNameOf(n, key).toLowerCase() === name.toLowerCase())
      if (matches.length === 1) out.push({ name, key: matches[0]![0] })
    }
    return out
  }

  private homeTimeline(req: TwitterRequest): Promise<unknown> {
    const source: PageSource = (cursor, limit, before) =>
      this.api.call('timeline', { limit, ...(cursor ? { cursor } : {}), ...(before !== undefined ? { before } : {}) })
    return this.timeline(req, 'home', source)
  }

  private async userTimeline(req: TwitterRequest): Promise<unknown> {
    const key = await this.userOf(req)
    const source: PageSource = (cursor, limit, before) =>
      this.api.call('profileStatuses', { key, limit, ...(cursor ? { cursor } : {}), ...(before !== undefined ? { before } : {}) })
    return this.timeline(req, `user:${key}`, source)
  }

  private async show(req: TwitterRequest, id: string | undefined): Promise<unknown> {
    const status = await this.statusOf(id)
    return this.builder(req).tweet(status, Number(id))
  }

  private async destroy(req: TwitterRequest, id: string | undefined): Promise<unknown> {
    const status = await this.statusOf(id)
    const me = await this.api.call('whoami', {})
    if (status.feed !== me.key) throw twitterErrors.notYours()
    const tweet = await this.builder(req).tweet(status, Number(id))
    await this.api.call('delete', { uri: status.uri })
    return tweet
  }

  private async favorite(req: TwitterRequest): Promise<unknown> {
    const id = requiredId(req)
    const status = await this.statusOf(id)
    if (status.likedByMe) throw twitterErrors.alreadyFavorited()
    await this.api.call('like', { of: status.uri })
    const liked = (await this.api.call('status', { uri: status.uri })) ?? { ...status, likedByMe: true }
    return this.builder(req).tweet(liked, Number(id))
  }

  private async unfavorite(req: TwitterRequest): Promise<unknown> {
    const id = requiredId(req)
    const status = await this.statusOf(id)
    // Twitter answers 144 for a status that is not a favorite
    if (!status.likedByMe) throw twitterErrors.noStatus()
    await this.api.call('unlike', { of: status.uri })
    const unliked = (await this.api.call('status', { uri: status.uri })) ?? { ...status, likedByMe: false }
    return this.builder(req).tweet(unliked, Number(id))
  }

  /** A retweet: the repost, as the timeline will show it, wrapping the original. */
  private async retweet(req: TwitterRequest, id: string | undefined): Promise<unknown> {
    const status = await this.statusOf(id)
    if (status.repostedByMe) throw twitterErrors.alreadyRetweeted()
    const { uri } = await this.api.call('repost', { of: status.uri })
    const me = await this.api.call('whoami', {})
    const reposted = (await this.api.call('status', { uri: status.uri })) ?? { ...status, repostedByMe: true }
    const createdAt = Date.now()
    const [repostId] = await this.ids.statusIds([{ uri, time: createdAt }])
    return this.builder(req).entry({
      status: { ...reposted, repostedBy: { key: me.key, name: me.profile.name, uri, createdAt } },
      id: repostId as number
    })
  }

  /**
   * Undoes my reposts of a status: `id` is the original's (or the retweet's own). Returns the original, as
   * Twitter does. My reposts are found in my own feed (exportArchive), since no view lists them by target.
   */
  private async unretweet(req: TwitterRequest, id: string | undefined): Promise<unknown> {
    const uri = await this.uriOf(id)
    if (uri === null) throw twitterErrors.noStatus()
    const archive = await this.api.call('exportArchive', {})
    const own = archive.reposts.find((r) => r.uri === uri)
    const target = own ? own.of : uri
    const status = await this.api.call('status', { uri: target })
    if (!status) throw twitterErrors.noStatus()
    for (const r of archive.reposts) if (sameStatus(r.of, target)) await this.api.call('delete', { uri: r.uri })
    const after = (await this.api.call('status', { uri: target })) ?? status
    return this.builder(req).tweet(after, own ? undefined : Number(id))
  }

  private mentionsTimeline(req: TwitterRequest): Promise<unknown> {
    const source: PageSource = (cursor, limit, before) =>
      this.api.call('mentions', { limit, ...(cursor ? { cursor } : {}), ...(before !== undefined ? { before } : {}) })
    return this.timeline(req, 'mentions', source)
  }

  private async verifyCredentials(req: TwitterRequest): Promise<unknown> {
    const me = await this.api.call('whoami', {})
    const builder = this.builder(req, { trimUser: false })
    const user: Record<string, unknown> = { ...(await builder.user(me.key)) }
    if (!flag(req.params.get('skip_status'))) {
      const latest = (await this.api.call('profileStatuses', { key: me.key, limit: 1 })).items[0]
      if (latest) {
        const { user: _, ...status } = await builder.tweet(latest)
        user.status = status
      }
    }
    if (flag(req.params.get('include_email'))) user.email = null
    return user
  }

  // ---- Helpers -------------------------------------------------------------------------------------

  private async timeline(req: TwitterRequest, name: string, source: PageSource): Promise<unknown> {
    const query: TimelineQuery = {
      count: countOf(req.params.get('count')),
      sinceId: idParam(req.params.get('since_id')),
      maxId: idParam(req.params.get('max_id')),
      excludeReplies: flag(req.params.get('exclude_replies'))
    }
    const entries = await readTimeline(source, name, query, (refs) => this.ids.statusIds(refs), this.continuations)
    return this.builder(req).entries(entries)
  }

  private builder(req: TwitterRequest, override: { trimUser?: boolean } = {}): TweetBuilder {
    return new TweetBuilder(this.api, this.ids, {
      trimUser: override.trimUser ?? flag(req.params.get('trim_user')),
      includeEntities: req.params.get('include_entities') === undefined || flag(req.params.get('include_entities'))
    })
  }

  private async uriOf(id: string | undefined): Promise<string | null> {
    if (id === undefined || !/^\d{1,16}$/.test(id)) return null
    return this.ids.statusUri(Number(id))
  }

  private async statusOf(id: string | undefined): Promise<StatusView> {
    const uri = await this.uriOf(id)
    const status = uri === null ? null : await this.api.call('status', { uri })
    if (!status) throw twitterErrors.noStatus()
    return status
  }

  /** user_id, screen_name (a key, or the screen name of me or someone I follow), or else me. */
  private async userOf(req: TwitterRequest): Promise<FeedKey> {
    const userId = req.params.get('user_id')
    if (userId !== undefined && userId !== '') {
      const key = /^\d{1,16}$/.test(userId) ? await this.ids.userKey(Number(userId)) : null
      if (key === null) throw twitterErrors.noUser()
      return key
    }
    const me = await this.api.call('whoami', {})
    const screenName = req.params.get('screen_name')?.replace(/^@/, '')
    if (screenName === undefined || screenName === '') return me.key
    try {
      return parseRef(screenName).key
    } catch {
      // not a key: a screen name
    }
    const wanted = screenName.toLowerCase()
    const candidates = [me.profile, ...(await this.api.call('following', {}))]
    const found = candidates.find((p) => screenNameOf(p.name, p.key).toLowerCase() === wanted)
    if (!found) throw twitterErrors.noUser()
    return found.key
  }
}

function sameStatus(a: string, b: string): boolean {
  try {
    const x = parseStatusUri(a)
    const y = parseStatusUri(b)
    return x.key === y.key && x.seq === y.seq
  } catch {
    return false
  }
}

/** The `id` parameter, which some endpoints cannot do without (code 38). */
function requiredId(req: TwitterRequest): string {
  const id = req.params.get('id')
  if (id === undefined || id === '') throw twitterErrors.missing('id')
  return id
}

/** Twitter's booleans: true, t and 1 (any case). */
export function flag(value: string | undefined): boolean {
  return value !== undefined && /^(true|t|1)$/i.test(value)
}

/** count: a whole number from 1, capped at MAX_COUNT as Twitter caps it; anything else is code 38. */
export function countOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_COUNT
  if (!/^\d{1,10}$/.test(value) || Number(value) < 1 || Number(value) > MAX_INT32) throw twitterErrors.invalid('count must be a whole number from 1.')
  return Math.min(MAX_COUNT, Number(value))
}

/** since_id / max_id: a decimal id from 0 to 2^53 - 1 (no id is larger), or code 38. */
export function idParam(value: string | undefined): bigint | null {
  if (value === undefined) return null
  if (!/^\d{1,16}$/.test(value) || BigInt(value) > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw twitterErrors.invalid('since_id and max_id must be ids: whole numbers from 0 to 2^53 - 1.')
  }
  return BigInt(value)
}
