// Search within a list: `in:NAME` (or `in:"NAME WITH SPACES"`) anywhere in a search keeps only statuses by
// the list's members. The words index knows nothing of lists, so the word search runs as always and its
// pages are filtered here, reading on until a page is full or the index is done; `in:NAME` alone is the
// list's own timeline. People are not filtered: a person search is by name, not by what they wrote.
import type { Params, Result } from '../../../shared/api/contract.js'
import type { Page, StatusView } from '../../../shared/api/shapes.js'
import { RstatusError } from '../../../shared/errors.js'

const SCOPE = /(?:^|\s)in:(?:"([^"]{1,200})"|(\S{1,200}))/
const DEFAULT_PAGE = 50
/** Word-search pages read for one filtered page, at most: a rare member in a common word stops here. */
const MAX_PAGES_READ = 20

export function listScope(query: string): { list: string; words: string } | null {
  const m = SCOPE.exec(query)
  if (!m) return null
  const list = (m[1] ?? m[2]) as string
  return { list, words: (query.slice(0, m.index) + ' ' + query.slice(m.index + m[0].length)).replace(/\s+/g, ' ').trim() }
}

export interface ListSearchServices {
  search(p: Params<'search'>): Promise<Result<'search'>>
  listTimeline(p: Params<'listTimeline'>): Promise<Result<'listTimeline'>>
  lists(p: Params<'lists'>): Promise<Result<'lists'>>
}

export function listScopedSearch(s: ListSearchServices): (p: Params<'search'>) => Promise<Result<'search'>> {
  return async (p) => {
    const scope = listScope(p.query)
    if (!scope) return s.search(p)
    const list = (await s.lists({})).find((l) => l.name === scope.list)
    if (!list) throw new RstatusError('NOT_FOUND', `You have no list named "${scope.list}"`)
    const members = new Set(list.members)
    const limit = p.limit ?? DEFAULT_PAGE
    if (scope.words === '') {
      const statuses = await s.listTimeline({ name: scope.list, limit, ...(p.cursor !== undefined ? { cursor: p.cursor } : {}) })
      return { statuses, people: [] }
    }
    const items: StatusView[] = []
    let cursor = p.cursor
    let people: Result<'search'>['people'] = []
    let next: Page<StatusView>['cursor'] = null
    for (let read = 0; read < MAX_PAGES_READ; read++) {
      const page = await s.search({ query: scope.words, limit, ...(cursor !== undefined ? { cursor } : {}) })
      if (read === 0) people = page.people
      items.push(...page.statuses.items.filter((v) => members.has(v.author.key)))
      next = page.statuses.cursor
      if (next === null || items.length >= limit) break
      cursor = next
    }
    // A page that stopped mid-way resumes where the last read ended; the few over `limit` are shown now.
    return { statuses: { items, cursor: next }, people }
  }
}
