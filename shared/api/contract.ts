// The RPC contract: every method the UI, the CLI and other apps may call, and every event. Each area's file
// declares its methods once (params, result, scope, feed writes, what the UI refetches); this file puts the
// areas together and derives every policy list from those entries. Three transports carry the contract
// (MessagePort, WebSocket, direct call); params are validated once, by parseParams, whichever carries them.
import type { FeedKey } from '../keys.js'
import type { ConversationId } from '../messages.js'
import { account, type ImportProgress } from './account.js'
import { devices } from './/devices.js'
import { follows, type SyncState } from './follows.js'
import { media } from './/media.js'
import { messages } from './messages.js'
import { mirrors } from './mirrors.js'
import { moderation } from './moderation.js'
import { notifications } from './notifications.js'
import { privateData } from './private-data.js'
import { profile } from './profile.js'
import type { Infer } from './schema.js'
import { statuses } from './statuses.js'
import { tokens } from './tokens.js'

export const methods = {
  ...statuses,
  ...profile,
  ...follows,
  ...notifications,
  ...devices,
  ...moderation,
  ...media,
  ...account,
  ...tokens,
  ...messages,
  ...mirrors,
  ...privateData
} as const

export type Methods = typeof methods
export type MethodName = keyof Methods
export type Params<M extends MethodName> = Infer<Methods[M]['params']>
export type Result<M extends MethodName> = Methods[M]['result']

// Fails to compile when an entry's `invalidates` names something that is not a method.
type Invalidated = Methods[MethodName]['invalidates'][number]
type OnlyMethods<T extends MethodName> = T
export type InvalidatedMethod = OnlyMethods<Invalidated>

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name)
}

/** Params already checked, with the method they were checked for: a second check of the same object is free. */
const checked = new WeakMap<object, MethodName>()

/**
 * Validates params for `name`; throws RstatusError INVALID_INPUT. A door (the RPC server, the HTTP API)
 * checks what arrives and hands the result to the engine, whose own check then finds it already done.
 */
export function parseParams<M extends MethodName>(name: M, params: unknown): Params<M> {
  if (typeof params === 'object' && params !== null && checked.get(params) === name) return params as Params<M>
  const parsed = methods[name].params.parse(params, '') as Params<M> & object
  checked.set(parsed, name)
  return parsed
}

const names = Object.keys(methods) as MethodName[]
const where = (keep: (m: Methods[MethodName]) => boolean): ReadonlySet<MethodName> => new Set(names.filter((n) => keep(methods[n])))

/** What a read-only app token may call. */
export const readOnlyMethods = where((m) => m.scope === 'read')
/** What an app the person let into their conversations may call besides: reading with any token, writing with a read-write one. */
export const messageReadMethods = where((m) => m.scope === 'read-messages')
export const messageWriteMethods = where((m) => m.scope === 'write-messages')
/** For the person (the app's own UI, the CLI), never for an app holding a per-app token. */
export const personOnlyMethods = where((m) => m.scope === 'person')
/** Methods that append to the own feed: refused on a device its identity removed. */
export const feedWriteMethods = where((m) => m.writesFeed)
/** What a deleted account may no longer do: write anything new under its key. */
export const refusedAfterLeaving = where((m) => m.writesFeed && !m.afterLeaving)

/** The questions whose answers the UI refetches once `method` succeeds. */
export function invalidatedBy(method: MethodName): readonly InvalidatedMethod[] {
  return methods[method].invalidates as readonly InvalidatedMethod[]
}

// ---- Events --------------------------------------------------------------------------------------

export interface Events {
  /** Statuses were added, changed (counts) or removed; refetch what is visible. */
  statuses: { feeds: FeedKey[]; added: number; removed: number }
  sync: SyncState
  network: { online: boolean; peers: number }
  notifications: { unread: number }
  /** A Twitter/X import moved on. */
  importProgress: ImportProgress
  /** A conversation or a request changed (a message arrived or was sent, one was read, accepted, left). */
  messages: { conversation: ConversationId; unread: number; requests: number }
  /** A domain's answer about a handle changed: profiles claiming it show a different mark. */
  handles: { handle: string }
  /** Bookmarks, lists or drafts changed, here or on another device of the identity. */
  privateData: Record<string, never>
}

export type EventName = keyof Events

/** The one interface the renderer, the CLI and tests program against, whatever the transport. */
export interface Api {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>
  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void
}
