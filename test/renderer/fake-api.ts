// An in-memory Api for component tests: the edge of the unit under test. It keeps just enough state
// (profiles, statuses, follows, notifications) to answer the UI's questions, records every call, and
// lets a test emit engine events.
import type { MirrorState } from '../../shared/api/mirrors.js'
import type { Draft, ListSummary } from '../../shared/api/private-data.js'
import ids from 'hypercore-id-encoding'
import type { Api, EventName, Events, MethodName, Params, Result } from '../../shared/api/contract.js'
import type { Preview, SyncState } from '../../shared/api/follows.js'
import type { Notification } from '../../shared/api/notifications.js'
import type { ProfileView } from '../../shared/api/profile.js'
import type { Page, Profile, StatusView } from '../../shared/api/shapes.js'
import type { AppToken } from '../../shared/api/tokens.js'
import type { Devices } from '../../shared/api/devices.js'
import type { Suggestion } from '../../shared/api/follows.js'
import { RstatusError } from '../../shared/errors.js'
import { feedUri, parseStatusUri, statusUri, type FeedKey } from '../../shared/keys.js'
import type { Mention } from '../../shared/protocol/records.js'

export function keyOf(n: number): FeedKey {
  const bytes = new Uint8Array(32)
  bytes.fill(n & 0xff)
  bytes[0] = (n >> 8) & 0xff
  return ids.encode(bytes as never)
}

export const ME = keyOf(1)
export const ALICE = keyOf(2)
export const BOB = keyOf(3)

let clock = Date.UTC(2025, 0, 1, 12, 0, 0)

export function makeStatus(feed: FeedKey, seq: number, text: string, extra: Partial<StatusView> = {}): StatusView {
  clock += 1000
  return {
    uri: statusUri(feed, seq),
    feed,
    seq,
    type: 'status',
    text,
    createdAt: extra.createdAt ?? clock,
    sortAt: extra.sortAt ?? extra.createdAt ?? clock,
    author: { key: feed, name: null },
    counts: { likes: 0, reposts: 0, replies: 0 },
    likedByMe: false,
    repostedByMe: false,
    ...extra
  }
}

type Override = { [M in MethodName]?: (params: Params<M>) => Result<M> | Promise<Result<M>> }

export class FakeApi implements Api {
  readonly calls: Array<{ method: MethodName; params: unknown }> = []
  readonly profiles = new Map<FeedKey, { name: string | null; bio: string; handle?: string; handleVerified?: true }>()
  /** Every status, in no particular order; views sort by sortAt, newest first. */
  statuses: StatusView[] = []
  readonly following = new Set<FeedKey>()
  notifications: Notification[] = []
  readonly previews = new Map<FeedKey, Preview>()
  sync: SyncState = { online: true, peers: 2, feeds: [] }
  appTokens: AppToken[] = []
  mirrors: MirrorState[] = []
  /** Bookmarked links (the latest first), lists and drafts: the private store. */
  bookmarkUris: string[] = []
  lists: ListSummary[] = []
  drafts: Draft[] = []
  overrides: Override = {}
  /** Devices, requests, block and mute lists, suggestions. */
  devices: Devices = { identity: ME, device: ME, canManage: true, canJoin: false, devices: [{ key: ME, primary: true, thisDevice: true, state: 'linked', removedAfter: null }] }
  requestList: StatusView[] = []
  readonly blockedKeys = new Set<FeedKey>()
  readonly mutedKeys = new Set<FeedKey>()
  suggestionList: Suggestion[] = []
  private readonly listeners = new Map<EventName, Set<(data: never) => void>>()
  private nextSeq = 100

  constructor(opts: { myName?: string | null } = {}) {
    this.profiles.set(ME, { name: opts.myName === undefined ? 'Me' : opts.myName, bio: '' })
    this.profiles.set(ALICE, { name: 'alice', bio: 'Alice writes about boats.' })
    this.profiles.set(BOB, { name: 'bob', bio: '' })
  }

  /** Adds a status by `feed` (the author's name filled in) and returns it. */
  add(feed: FeedKey, text: string, extra: Partial<StatusView> = {}): StatusView {
    const s = makeStatus(feed, extra.seq ?? this.nextSeq++, text, { author: { key: feed, name: this.profiles.get(feed)?.name ?? null }, ...extra })
    this.statuses.push(s)
    return s
  }

  emit<E extends EventName>(event: E, data: Events[E]): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) (fn as (d: Events[E]) => void)(data)
  }

  callsOf<M extends MethodName>(method: M): Params<M>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.params as Params<M>)
  }

  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener as (data: never) => void)
    return () => void set.delete(listener as (data: never) => void)
  }

  async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    this.calls.push({ method, params })
    await Promise.resolve()
    const override = this.overrides[method] as ((p: Params<M>) => Result<M>) | undefined
    if (override) return override(params)
    const handler = (this.handlers as Record<string, (p: unknown) => unknown>)[method]
    if (!handler) throw new RstatusError('UNKNOWN_METHOD', `fake has no ${method}`)
    return handler(params) as Result<M>
  }

  private profile(key: FeedKey): Profile {
    const p = this.profiles.get(key)
    return {
      key, uri: feedUri(key), name: p?.name ?? null, bio: p?.bio ?? '',
      ...(p?.handle ? { handle: p.handle } : {}),
      ...(p?.handleVerified ? { handleVerified: true as const } : {}),
      statuses: this.statuses.filter((s) => s.feed === key).length
    }
  }

  private page(list: StatusView[], params: { limit?: number; cursor?: string }): Page<StatusView> {
    const sorted = [...list].sort((a, b) => b.sortAt - a.sortAt)
    const start = params.cursor ? Number(params.cursor) : 0
    const limit = params.limit ?? 30
    const items = sorted.slice(start, start + limit)
    return { items, cursor: start + limit < sorted.length ? String(start + limit) : null }
  }

  private find(uri: string): StatusView | undefined {
    return this.statuses.find((s) => s.uri === uri)
  }

  private update(uri: string, fn: (s: StatusView) => StatusView) {
    this.statuses = this.statuses.map((s) => (s.uri === uri ? fn(s) : s))
  }

  // Partial: the contract grows, and a method the UI does not call yet needs no fake.
  private readonly handlers: { [M in MethodName]?: (params: Params<M>) => Result<M> } = {
    whoami: () => ({ key: ME, uri: feedUri(ME), device: ME, peer: keyOf(9), profile: this.profile(ME) }),
    pinned: () => [],
    post: ({ text }) => this.add(ME, text, { mentions: this.mentionsIn(text) }),
    reply: ({ to, text }) => {
      const parent = this.find(to)
      this.update(to, (s) => ({ ...s, counts: { ...s.counts, replies: s.counts.replies + 1 } }))
      return this.add(ME, text, { replyTo: to, root: parent?.root ?? to })
    },
    repost: ({ of }) => {
      this.update(of, (s) => ({ ...s, repostedByMe: true, counts: { ...s.counts, reposts: s.counts.reposts + 1 } }))
      return { uri: statusUri(ME, this.nextSeq++) }
    },
    unrepost: ({ of }) => {
      this.update(of, (s) => ({ ...s, repostedByMe: false, counts: { ...s.counts, reposts: Math.max(0, s.counts.reposts - 1) } }))
      return { uris: [statusUri(ME, this.nextSeq++)] }
    },
    like: ({ of }) => {
      this.update(of, (s) => ({ ...s, likedByMe: true, counts: { ...s.counts, likes: s.counts.likes + 1 } }))
      return { uri: statusUri(ME, this.nextSeq++) }
    },
    unlike: ({ of }) => {
      this.update(of, (s) => ({ ...s, likedByMe: false, counts: { ...s.counts, likes: s.counts.likes - 1 } }))
      return { uri: statusUri(ME, this.nextSeq++) }
    },
    delete: ({ uri }) => {
      if (parseStatusUri(uri).key !== ME) throw new RstatusError('NOT_ALLOWED', 'You can only delete your own statuses')
      this.statuses = this.statuses.filter((s) => s.uri !== uri)
      return { uri: statusUri(ME, this.nextSeq++) }
    },
    follow: ({ key }) => {
      this.following.add(key)
      return this.profile(key)
    },
    unfollow: ({ key }) => {
      this.following.delete(key)
      return { key }
    },
    following: () => [...this.following].map((k) => this.profile(k)),
    preview: ({ key }) => {
      const p = this.previews.get(key)
      if (!p) return { profile: this.profile(key), statuses: [], length: 0, reachable: false }
      return p
    },
    timeline: (params) =>
      this.page(this.statuses.filter((s) => s.feed === ME || this.following.has(s.feed)), params),
    profile: ({ key }): ProfileView => ({
      ...this.profile(key),
      isMe: key === ME,
      following: this.following.has(key),
      followsMe: false,
      followingKeys: key === ME ? [...this.following] : [],
      followerKeys: []
    }),
    profileStatuses: ({ key, ...page }) => this.page(this.statuses.filter((s) => s.feed === key), page),
    status: ({ uri }) => this.find(uri) ?? null,
    quotes: ({ uri }) => this.statuses.filter((s) => s.quote?.uri === uri).sort((a, b) => b.sortAt - a.sortAt),
    thread: ({ uri }) => {
      const focus = this.find(uri) ?? null
      const rootUri = focus?.root ?? uri
      return {
        root: this.find(rootUri) ?? null,
        focus,
        replies: this.statuses.filter((s) => s.root === rootUri)
      }
    },
    mentions: (page) => this.page(this.statuses.filter((s) => s.mentions?.some((m) => m.key === ME)), page),
    hashtag: ({ tag, ...page }) =>
      this.page(this.statuses.filter((s) => s.text.toLowerCase().includes(`#${tag}`)), page),
    search: ({ query, ...page }) => ({
      statuses: this.page(this.statuses.filter((s) => s.text.toLowerCase().includes(query.toLowerCase())), page),
      people: [...this.profiles.keys()].map((k) => this.profile(k)).filter((p) => p.name?.includes(query))
    }),
    people: ({ prefix, limit = 6 }) =>
      [...this.profiles.keys()]
        .filter((k) => k !== ME)
        .map((k) => this.profile(k))
        .filter((p) => (p.name ?? '').toLowerCase().startsWith(prefix.toLowerCase()))
        .slice(0, limit),
    setProfile: ({ name, bio }) => {
      const current = this.profiles.get(ME) ?? { name: null, bio: '' }
      this.profiles.set(ME, { name: name ?? current.name, bio: bio ?? current.bio })
      return this.profile(ME)
    },
    notifications: (page) => {
      const { items, cursor } = pageOf(this.notifications, page)
      return { items, cursor, unread: this.notifications.filter((n) => !n.read).length }
    },
    markNotificationsRead: () => {
      this.notifications = this.notifications.map((n) => ({ ...n, read: true }))
      return { unread: 0 }
    },
    syncState: () => this.sync,
    appTokens: () => this.appTokens.map((t) => ({ ...t })),
    bookmark: ({ uri }) => {
      if (!this.bookmarkUris.includes(uri)) this.bookmarkUris.unshift(uri)
      return { uri, bookmarked: true }
    },
    unbookmark: ({ uri }) => {
      this.bookmarkUris = this.bookmarkUris.filter((u) => u !== uri)
      return { uri, bookmarked: false }
    },
    bookmarks: (page) => pageOf(this.bookmarkUris.map((u) => this.find(u)).filter((s): s is StatusView => s !== undefined), page),
    lists: () => this.lists.map((l) => ({ ...l, members: [...l.members] })),
    listCreate: ({ name }) => {
      if (this.lists.some((l) => l.name === name)) throw new RstatusError('INVALID_INPUT', `You already have a list named "${name}"`)
      const list = { name, members: [] }
      this.lists.push(list)
      return list
    },
    listDelete: ({ name }) => {
      this.lists = this.lists.filter((l) => l.name !== name)
      return { name }
    },
    listAdd: ({ name, key }) => {
      const list = this.lists.find((l) => l.name === name)
      if (!list) throw new RstatusError('NOT_FOUND', `You have no list named "${name}"`)
      if (!list.members.includes(key)) list.members.push(key)
      return { ...list }
    },
    listRemove: ({ name, key }) => {
      const list = this.lists.find((l) => l.name === name)
      if (!list) throw new RstatusError('NOT_FOUND', `You have no list named "${name}"`)
      list.members = list.members.filter((k) => k !== key)
      return { ...list }
    },
    listTimeline: ({ name, ...page }) => {
      const members = this.lists.find((l) => l.name === name)?.members ?? []
      return this.page(this.statuses.filter((s) => members.includes(s.author.key)), page)
    },
    drafts: () => this.drafts.map((d) => ({ ...d })),
    draftPut: ({ id, text, cw, quote, replyTo, sensitive }) => {
      const draft: Draft = { id: id ?? `d${this.drafts.length + 1}`, text, savedAt: Date.now(), ...(cw ? { cw } : {}), ...(quote ? { quote } : {}), ...(replyTo ? { replyTo } : {}), ...(sensitive ? { sensitive } : {}) }
      this.drafts = [draft, ...this.drafts.filter((d) => d.id !== draft.id)]
      return draft
    },
    draftDelete: ({ id }) => {
      const deleted = this.drafts.some((d) => d.id === id)
      this.drafts = this.drafts.filter((d) => d.id !== id)
      return { id, deleted }
    },
    mirrors: () => this.mirrors.map((m) => ({ ...m })),
    mirrorAdd: ({ key }) => {
      if (!/^[a-z0-9]{52}$/.test(key)) throw new RstatusError('INVALID_KEY', `Not a feed key: "${key}"`)
      if (!this.mirrors.some((m) => m.key === key)) this.mirrors.push({ key, reachable: false, held: 0, behind: 0 })
      return this.mirrors.map((m) => ({ ...m }))
    },
    mirrorRemove: ({ key }) => {
      const listed = this.mirrors.some((m) => m.key === key)
      this.mirrors = this.mirrors.filter((m) => m.key !== key)
      return { key, listed, deleted: listed }
    },
    createAppToken: ({ name, readOnly = false, messages = false }) => {
      if (this.appTokens.some((t) => t.name === name)) throw new RstatusError('INVALID_INPUT', `An app token named "${name}" exists already`)
      const token = { name, readOnly, messages, createdAt: Date.now(), lastUsedAt: null }
      this.appTokens.push(token)
      return { ...token, token: `rst_fake${this.appTokens.length}` }
    },
    devices: () => this.devices,
    deviceInvite: () => ({ code: 'y'.repeat(106), expiresAt: Date.now() + 600_000 }),
    deviceInviteCancel: () => ({ cancelled: true }),
    deviceJoin: () => ({ identity: ALICE, device: ME }),
    deviceRemove: ({ key }) => {
      this.devices = {
        ...this.devices,
        devices: this.devices.devices.map((d) => (d.key === key ? { ...d, state: 'removed' as const, removedAfter: 7 } : d))
      }
      return { key, after: 7 }
    },
    requests: (page) => this.page(this.requestList, page),
    block: ({ key }) => {
      this.blockedKeys.add(key)
      return { key }
    },
    unblock: ({ key }) => {
      this.blockedKeys.delete(key)
      return { key }
    },
    mute: ({ key }) => {
      this.mutedKeys.add(key)
      return { key }
    },
    unmute: ({ key }) => {
      this.mutedKeys.delete(key)
      return { key }
    },
    blocked: () => ({ blocked: [...this.blockedKeys].map((k) => this.profile(k)), muted: [...this.mutedKeys].map((k) => this.profile(k)) }),
    suggestions: () => this.suggestionList,
    setAppTokenMessages: ({ name, on }) => {
      const token = this.appTokens.find((t) => t.name === name)
      if (!token) throw new RstatusError('NOT_FOUND', `No app token is named "${name}"`)
      token.messages = on
      return { ...token }
    },
    revokeAppToken: ({ name }) => {
      if (!this.appTokens.some((t) => t.name === name)) throw new RstatusError('NOT_FOUND', `No app token is named "${name}"`)
      this.appTokens = this.appTokens.filter((t) => t.name !== name)
      return { name }
    }
  }

  private mentionsIn(text: string): Mention[] | undefined {
    const out: Mention[] = []
    for (const [key, p] of this.profiles) {
      if (p.name && text.includes(`@${p.name}`)) out.push({ key, name: p.name })
    }
    return out.length ? out : undefined
  }
}

function pageOf<T>(list: T[], params: { limit?: number; cursor?: string }): Page<T> {
  const start = params.cursor ? Number(params.cursor) : 0
  const limit = params.limit ?? 30
  return { items: list.slice(start, start + limit), cursor: start + limit < list.length ? String(start + limit) : null }
}
