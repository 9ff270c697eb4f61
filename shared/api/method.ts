// How the contract declares a method: its params schema, its result type and its policy, all in one entry.
// contract.ts derives every list that used to be kept by hand from these entries: who may call a method,
// which methods write to the feed, what a deleted account may no longer do, and what the UI refetches.
import type { Schema } from './schema.js'

/**
 * Who may call a method: every client, read-only app tokens included ('read'); apps with a read-write token
 * ('write'); apps the person let into their private conversations, with any token ('read-messages') or a
 * read-write one ('write-messages'); or only the person, through the app's own UI or the CLI ('person').
 */
export type Scope = 'read' | 'write' | 'read-messages' | 'write-messages' | 'person'

export interface Policy<I extends string> {
  scope: Scope
  /** Appends to the own feed: refused on a device its identity removed, and once the account is deleted. */
  writesFeed?: boolean
  /** A feed write that may still run on a deleted account (leave, run again to finish what it started). */
  afterLeaving?: boolean
  /** The questions (method names) whose answers the UI refetches once this method succeeds. */
  invalidates?: readonly I[]
}

export interface MethodSpec<P extends Schema<unknown>, R, I extends string = string> {
  readonly params: P
  /** The result's type; never read at run time. */
  readonly result: R
  readonly scope: Scope
  readonly writesFeed: boolean
  readonly afterLeaving: boolean
  readonly invalidates: readonly I[]
}

/** method<Result>()(paramsSchema, policy): the params type is inferred from the schema, the result type is named. */
export function method<R>() {
  return <P extends Schema<unknown>, const I extends string = never>(params: P, policy: Policy<I>): MethodSpec<P, R, I> => ({
    params,
    result: undefined as unknown as R,
    scope: policy.scope,
    writesFeed: policy.writesFeed ?? false,
    afterLeaving: policy.afterLeaving ?? false,
    invalidates: policy.invalidates ?? []
  })
}
