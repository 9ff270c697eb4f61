// Accounts: an account's id is its feed key (the identity's key), so it is the same on every peer and
// needs no table; `acct` is the verified handle where there is one, else the key too (shapes.ts, acctOf).
import { handleFrom } from '../../../shared/handle.js'
import { isKey, parseRef, type FeedKey } from '../../../shared/keys.js'
import type { StatusView } from '../../../shared/api/shapes.js'
import { mastodonErrors } from './errors.js'
import { credentialAccount, relationshipObject } from './shapes.js'
import { accountsMatching } from './search.js'
import { answer, route, type Door, type Route, type RouteRequest } from './router.js'
import { linkHeader, pageQuery, readPage } from './timelines.js'

const KEY = '([A-Za-z0-9]{52}|[0-9a-fA-F]{64})'
const ACCOUNTS_DEFAULT = 40
const ACCOUNTS_MAX = 80

/** A path's account id as a key; "Record not found" for anything else, as for an id Mastodon does not know. */
export function keyOf(id: string | undefined): FeedKey {
  try {
    return parseRef(id ?? '').key
  } catch {
    throw mastodonErrors.notFound()
  }
}

export function accountRoutes(door: Door): Route[] {
  const relationships = async (keys: FeedKey[]) => {
    const moderation = await door.api.call('blocked', {})
    const blocked = new Set(moderation.blocked.map((p) => p.key))
    const muted = new Set(moderation.muted.map((p) => p.key))
    return Promise.all(keys.map(async (key) => {
      const profile = await door.api.call('profile', { key })
      return relationshipObject(profile, { blocking: blocked.has(key), muting: muted.has(key) })
    }))
  }
  const relationship = async (key: FeedKey) => (await relationships([key]))[0]

  const listOf = async (r: RouteRequest, keys: FeedKey[]) => {
    // Follow lists are short and unordered by time: a page is a stretch of the list, after max_id's key.
    const raw = r.params.string('limit')
    const limit = Math.max(1, Math.min(ACCOUNTS_MAX, raw && /^\d{1,4}$/.test(raw) ? Number(raw) : ACCOUNTS_DEFAULT))
    const after = r.params.string('max_id')
    const start = after === undefined ? 0 : keys.indexOf(after) + 1
    const slice = keys.slice(start, start + limit)
    const b = door.builder(r.url)
    const accounts = await Promise.all(slice.map((k) => b.account(k)))
    const more = start + limit < keys.length
    const next = new URL(r.url.href)
    next.searchParams.set('max_id', slice.at(-1) ?? '')
    return answer(accounts, more && slice.length > 0 ? { headers: { Link: `<${next.href}>; rel="next"` } } : {})
  }

  return [
    route('GET', /^\/api\/v1\/accounts\/verify_credentials$/, 'read', async (r) => {
      const me = await door.me()
      return credentialAccount(await door.api.call('profile', { key: me.key }), door.links(r.url))
    }),
    route('PATCH', /^\/api\/v1\/accounts\/update_credentials$/, 'write', async (r) => {
      const name = r.params.string('display_name')
      const bio = r.params.string('note')
      await door.api.call('setProfile', { ...(name !== undefined ? { name } : {}), ...(bio !== undefined ? { bio } : {}) })
      const me = await door.me()
      return credentialAccount(await door.api.call('profile', { key: me.key }), door.links(r.url))
    }),
    route('GET', /^\/api\/v1\/accounts\/relationships$/, 'read', async (r) => {
      const keys = r.params.strings('id').flatMap((id) => {
        try {
          return [parseRef(id).key]
        } catch {
          return []
        }
      })
      return relationships(keys.slice(0, 80))
    }),
    route('GET', /^\/api\/v1\/accounts\/lookup$/, 'read', async (r) => {
      // "key", "@key" or "key@127.0.0.1:7420": the part before the server is the key. A handle
      // ("alice.example.org") is asked of its domain.
      const acct = (r.params.string('acct') ?? '').replace(/^@/, '').split('@')[0] ?? ''
      const handle = isKey(acct) ? null : handleFrom(acct)
      if (handle === null) return door.builder(r.url).account(keyOf(acct))
      const named = await door.api.call('resolveHandle', { handle }).catch(() => null)
      if (named === null) throw mastodonErrors.notFound()
      return door.builder(r.url).account(named.key)
    }),
    route('GET', /^\/api\/v1\/accounts\/search$/, 'read', async (r) => {
      const q = (r.params.string('q') ?? '').trim()
      const raw = r.params.string('limit')
      const limit = Math.max(1, Math.min(ACCOUNTS_MAX, raw && /^\d{1,4}$/.test(raw) ? Number(raw) : ACCOUNTS_DEFAULT))
      return accountsMatching(door, door.builder(r.url), q, limit)
    }),
    route('GET', new RegExp(`^/api/v1/accounts/${KEY}$`), 'read', async (r) => door.builder(r.url).account(keyOf(r.match[1]))),
    route('GET', new RegExp(`^/api/v1/accounts/${KEY}/statuses$`), 'read', async (r) => {
      const key = keyOf(r.match[1])
      if (r.params.flag('pinned')) {
        const b = door.builder(r.url)
        return Promise.all((await door.api.call('pinned', { key })).map(async (s) => ({ ...(await b.status(s)), pinned: true })))
      }
      const query = pageQuery(r.params)
      const onlyMedia = r.params.flag('only_media')
      const excludeReblogs = r.params.flag('exclude_reblogs')
      const entries = await readPage(
        (cursor, limit, before) =>
          door.api.call('profileStatuses', { key, limit, ...(cursor ? { cursor } : {}), ...(before !== undefined ? { before } : {}) }),
        `mastodon:user:${key}`,
        query,
        {
          excludeReplies: r.params.flag('exclude_replies'),
          ...(onlyMedia || excludeReblogs
            ? { keep: (e: { status: StatusView }) => (!onlyMedia || (e.status.attachments?.length ?? 0) > 0) && (!excludeReblogs || !e.status.repostedBy) }
            : {})
        },
        (refs) => door.ids.statusIds(refs),
        door.continuations
      )
      const statuses = await door.builder(r.url).entries(entries)
      const link = linkHeader(r.url, statuses.map((s) => s.id))
      return answer(statuses, link ? { headers: { Link: link } } : {})
    }),
    route('GET', new RegExp(`^/api/v1/accounts/${KEY}/followers$`), 'read', async (r) => {
      const profile = await door.api.call('profile', { key: keyOf(r.match[1]) })
      return listOf(r, profile.followerKeys)
    }),
    route('GET', new RegExp(`^/api/v1/accounts/${KEY}/following$`), 'read', async (r) => {
      const profile = await door.api.call('profile', { key: keyOf(r.match[1]) })
      return listOf(r, profile.followingKeys)
    }),
    route('POST', new RegExp(`^/api/v1/accounts/${KEY}/follow$`), 'write', async (r) => {
      const key = keyOf(r.match[1])
      await door.api.call('follow', { key })
      return relationship(key)
    }),
    route('POST', new RegExp(`^/api/v1/accounts/${KEY}/unfollow$`), 'write', async (r) => {
      const key = keyOf(r.match[1])
      await door.api.call('unfollow', { key })
      return relationship(key)
    }),
    ...(['block', 'unblock', 'mute', 'unmute'] as const).map((action) =>
      route('POST', new RegExp(`^/api/v1/accounts/${KEY}/${action}$`), 'write', async (r) => {
        const key = keyOf(r.match[1])
        await door.api.call(action, { key })
        return relationship(key)
      })
    ),
    route('GET', /^\/api\/v1\/(blocks|mutes)$/, 'read', async (r) => {
      const moderation = await door.api.call('blocked', {})
      const b = door.builder(r.url)
      const list = r.match[1] === 'blocks' ? moderation.blocked : moderation.muted
      return Promise.all(list.map((p) => b.account(p.key)))
    })
  ]
}
