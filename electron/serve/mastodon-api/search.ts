// Search (v2): accounts, statuses and hashtags. A pasted key or rstatus:// link resolves to its account
// or status, which is what a person pasting one into a client's search box expects.
import { parseRef } from '../../../shared/keys.js'
import { normalizeTag } from '../../../shared/protocol/text.js'
import type { EntityBuilder } from './entities.js'
import type { Account, MastodonStatus } from './shapes.js'
import { tagObject } from './shapes.js'
import { route, type Door, type Route } from './router.js'

const DEFAULT_LIMIT = 20
const MAX_LIMIT = 40
const TAG = /^#?([\p{L}\p{M}\p{N}_]{1,100})$/u

export async function accountsMatching(door: Door, b: EntityBuilder, q: string, limit: number): Promise<Account[]> {
  if (q === '') return []
  const ref = pasted(q)
  if (ref) return [await b.account(ref.key)]
  const people = await door.api.call('people', { prefix: q.replace(/^@/, '').slice(0, 100), limit: Math.min(limit, 50) })
  return Promise.all(people.map((p) => b.account(p.key)))
}

async function statusesMatching(door: Door, b: EntityBuilder, q: string, limit: number): Promise<MastodonStatus[]> {
  const ref = pasted(q)
  if (ref) {
    if (ref.seq === undefined) return []
    const status = await door.api.call('status', { uri: `rstatus://${ref.key}/${ref.seq}` })
    return status ? [await b.status(status)] : []
  }
  const found = await door.api.call('search', { query: q.slice(0, 200), limit })
  return Promise.all(found.statuses.items.map((s) => b.status(s)))
}

async function tagsMatching(door: Door, b: EntityBuilder, q: string): Promise<Array<ReturnType<typeof tagObject>>> {
  const m = TAG.exec(q)
  if (!m) return []
  const tag = normalizeTag(m[1] as string)
  const page = await door.api.call('hashtag', { tag, limit: 1 })
  return page.items.length > 0 ? [tagObject(tag, b.links)] : []
}

/** A key or an rstatus:// link, however it was pasted (a leading @ too). */
function pasted(q: string): { key: string; seq?: number } | null {
  try {
    return parseRef(/^rstatus:/i.test(q) ? q : q.replace(/^@/, '').split('@')[0])
  } catch {
    return null
  }
}

export function searchRoutes(door: Door): Route[] {
  return [
    route('GET', /^\/api\/v2\/search$/, 'read', async (r) => {
      const q = (r.params.string('q') ?? '').trim()
      const type = r.params.string('type')
      const raw = r.params.string('limit')
      const limit = Math.max(1, Math.min(MAX_LIMIT, raw && /^\d{1,4}$/.test(raw) ? Number(raw) : DEFAULT_LIMIT))
      // Offsets past the first page: rstatus' search has no offsets, and Mastodon clients rarely page it.
      const offset = Number(r.params.string('offset') ?? 0)
      const b = door.builder(r.url)
      const want = (t: string) => (type === undefined || type === t) && q !== '' && !(offset > 0)
      const [accounts, statuses, hashtags] = await Promise.all([
        want('accounts') ? accountsMatching(door, b, q, limit) : [],
        want('statuses') ? statusesMatching(door, b, q, limit) : [],
        want('hashtags') ? tagsMatching(door, b, q) : []
      ])
      return { accounts, statuses, hashtags }
    })
  ]
}
