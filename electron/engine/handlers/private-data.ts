// The handlers of shared/api/private-data.ts: bookmarks, lists and drafts, kept in the identity's private
// store (private-data/private-store.ts), with the statuses they point at read from the views.
import type { Draft, ListSummary, privateData } from '../../../shared/api/private-data.js'
import type { Page, StatusView } from '../../../shared/api/shapes.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseRef, parseStatusUri, statusUri, type FeedKey } from '../../../shared/keys.js'
import { MAX_CW_CHARS } from '../../../shared/protocol/limits.js'
import { isDraftId, listNameProblem, MAX_DRAFT_CHARS, newDraftId, wellFormedText, type DraftRecord } from '../../../shared/protocol/private-records.js'
import type { PrivateList } from '../private-data/merge.js'
import type { PrivateStore } from '../private-data/private-store.js'
import type { ViewStore } from '../views/worker.js'
import type { AreaHandlers } from './api.js'

export interface PrivateDataServices {
  store: Pick<PrivateStore, 'current' | 'write' | 'assertOpen'>
  views: Pick<ViewStore, 'status' | 'profileStatuses' | 'authorOf'>
}

/** A list timeline reads at most this far back (its members' newest statuses, merged). */
const MAX_LIST_DEPTH = 2000
const DEFAULT_PAGE = 50

export function privateDataHandlers(s: PrivateDataServices): AreaHandlers<typeof privateData> {
  const { views } = s
  const state = () => {
    s.store.assertOpen()
    return s.store.current
  }

  async function listOf(input: string): Promise<PrivateList> {
    const name = listName(input)
    const list = state().list(name)
    if (!list) throw new RstatusError('NOT_FOUND', `You have no list named "${name}"`)
    return list
  }

  async function bookmarked(uri: string, on: boolean) {
    const canonical = canonicalStatus(uri)
    const now = state().isBookmarked(canonical)
    if (now !== on) await s.store.write({ type: on ? 'bookmark' : 'unbookmark', uri: canonical, at: Date.now() })
    return { uri: canonical, bookmarked: on }
  }

  return {
    bookmark: ({ uri }) => bookmarked(uri, true),
    unbookmark: ({ uri }) => bookmarked(uri, false),
    async bookmarks({ limit = DEFAULT_PAGE, cursor }) {
      const all = state().bookmarks()
      const start = offsetOf(cursor)
      const items: StatusView[] = []
      let i = start
      for (; i < all.length && items.length < limit; i++) {
        const { key, seq } = parseStatusUri(all[i]!.uri)
        const view = await views.status(key, seq)
        if (view) items.push(view)
      }
      return { items, cursor: i < all.length ? String(i) : null }
    },
    lists: async () => state().lists().map(summary),
    async listCreate({ name: input }) {
      const name = listName(input)
      if (state().list(name)) throw new RstatusError('INVALID_INPUT', `You already have a list named "${name}"`)
      await s.store.write({ type: 'list-create', name, at: Date.now() })
      return summary(state().list(name) as PrivateList)
    },
    async listDelete({ name: input }) {
      const { name } = await listOf(input)
      await s.store.write({ type: 'list-delete', name, at: Date.now() })
      return { name }
    },
    async listAdd({ name: input, key }) {
      const list = await listOf(input)
      const member = await views.authorOf(parseRef(key).key)
      if (!list.members.includes(member)) await s.store.write({ type: 'list-add', name: list.name, key: member, at: Date.now() })
      return summary(state().list(list.name) as PrivateList)
    },
    async listRemove({ name: input, key }) {
      const list = await listOf(input)
      const member = await views.authorOf(parseRef(key).key)
      if (list.members.includes(member)) await s.store.write({ type: 'list-remove', name: list.name, key: member, at: Date.now() })
      return summary(state().list(list.name) as PrivateList)
    },
    async listTimeline({ name, limit = DEFAULT_PAGE, cursor }) {
      const list = await listOf(name)
      return mergedTimeline(views, list.members, offsetOf(cursor), limit)
    },
    drafts: async () => state().drafts().map(draftOf),
    async draftPut({ id, text, replyTo, quote, cw, sensitive }) {
      if (id !== undefined && !isDraftId(id)) throw new RstatusError('INVALID_INPUT', 'A draft id is 1 to 64 lower-case letters, digits or dashes')
      if ([...text].length > MAX_DRAFT_CHARS) throw new RstatusError('TEXT_TOO_LONG', `A draft holds at most ${MAX_DRAFT_CHARS} characters`)
      if (cw !== undefined && [...cw].length > MAX_CW_CHARS) throw new RstatusError('TEXT_TOO_LONG', `A content warning has at most ${MAX_CW_CHARS} characters`)
      state()
      const record: DraftRecord = {
        type: 'draft-put',
        id: id ?? newDraftId(),
        text: wellFormedText(text),
        at: Date.now(),
        ...(replyTo !== undefined ? { replyTo: canonicalStatus(replyTo) } : {}),
        ...(quote !== undefined ? { quote: canonicalStatus(quote) } : {}),
        ...(cw !== undefined && cw !== '' ? { cw: wellFormedText(cw) } : {}),
        ...(sensitive ? { sensitive: true } : {})
      }
      await s.store.write(record)
      const saved = state().drafts().find((d) => d.id === record.id)
      if (!saved) throw new RstatusError('INTERNAL', 'The draft was saved but could not be read back')
      return draftOf(saved)
    },
    async draftDelete({ id }) {
      const held = isDraftId(id) && state().drafts().some((d) => d.id === id)
      if (held) await s.store.write({ type: 'draft-delete', id, at: Date.now() })
      return { id, deleted: held }
    }
  }
}

/**
 * The newest statuses of several authors, merged as the home timeline sorts them (sortAt, then link). A page
 * further down reads each author again from their newest, so a list reads at most MAX_LIST_DEPTH deep.
 */
async function mergedTimeline(views: PrivateDataServices['views'], authors: FeedKey[], offset: number, limit: number): Promise<Page<StatusView>> {
  const want = Math.min(offset + limit, MAX_LIST_DEPTH)
  const all: StatusView[] = []
  for (const author of authors) {
    let cursor: string | undefined
    let got = 0
    while (got < want) {
      const page = await views.profileStatuses(author, { limit: Math.min(500, want - got), ...(cursor ? { cursor } : {}) })
      all.push(...page.items)
      got += page.items.length
      if (!page.cursor || page.items.length === 0) break
      cursor = page.cursor
    }
  }
  all.sort((a, b) => b.sortAt - a.sortAt || (a.uri < b.uri ? 1 : -1))
  const items = all.slice(offset, want)
  return { items, cursor: want < MAX_LIST_DEPTH && all.length > want ? String(want) : null }
}

function summary(list: PrivateList): ListSummary {
  return { name: list.name, members: [...list.members] }
}

function draftOf(d: DraftRecord): Draft {
  return {
    id: d.id,
    text: d.text,
    savedAt: d.at,
    ...(d.replyTo ? { replyTo: d.replyTo } : {}),
    ...(d.quote ? { quote: d.quote } : {}),
    ...(d.cw ? { cw: d.cw } : {}),
    ...(d.sensitive ? { sensitive: true } : {})
  }
}

/** A list name as typed: trimmed and in NFC, then checked. */
export function listName(input: string): string {
  const name = input.trim().normalize('NFC')
  const problem = listNameProblem(name)
  if (problem) throw new RstatusError('INVALID_INPUT', problem)
  return name
}

function canonicalStatus(uri: string): string {
  const { key, seq } = parseStatusUri(uri)
  return statusUri(key, seq)
}

function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0
  if (!/^\d{1,9}$/.test(cursor)) throw new RstatusError('INVALID_INPUT', 'Not a cursor this list gave')
  return Number(cursor)
}
