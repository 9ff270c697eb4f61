// `rstatus bookmark|unbookmark|bookmarks|list|lists`: bookmarks and lists, kept in the identity's private
// store (shared/api/private-data.ts), through the engine here or a running serve.
import { MAX_PAGE_ITEMS } from '../../shared/api/params.js'
import type { Page, StatusView } from '../../shared/api/shapes.js'
import { printableText } from '../../shared/printable.js'
import { naming } from './exit.js'
import type { PrivateDataCommand } from './list-args.js'
import { formatTimeline, timelineItem, type Io } from './output.js'
import type { Peer } from './peer.js'

export async function runPrivateData(cmd: PrivateDataCommand, peer: Peer, io: Io): Promise<number> {
  const { api } = peer
  switch (cmd.name) {
    case 'bookmark':
    case 'unbookmark':
      io.out((await api.call(cmd.name, { uri: cmd.uri })).uri)
      return 0
    case 'bookmarks': {
      const items = await allPages((cursor, limit) => api.call('bookmarks', { limit, ...(cursor ? { cursor } : {}) }), cmd.limit)
      io.out(cmd.json ? JSON.stringify(items.map(timelineItem)) : items.length === 0 ? 'No bookmarks.' : formatTimeline(items))
      return 0
    }
    case 'lists': {
      const lists = await api.call('lists', {})
      if (cmd.json) io.out(JSON.stringify(lists.map(({ name, members }) => ({ name, members }))))
      else if (lists.length === 0) io.out('No lists. Make one with rstatus list create NAME.')
      else for (const l of lists) io.out(printableText(`${l.name}  (${l.members.length} ${l.members.length === 1 ? 'person' : 'people'})`))
      return 0
    }
    case 'list':
      switch (cmd.action) {
        case 'create':
          await api.call('listCreate', { name: cmd.list })
          io.out(printableText(`created list ${cmd.list}`))
          return 0
        case 'delete':
          await naming(api.call('listDelete', { name: cmd.list }))
          io.out(printableText(`deleted list ${cmd.list}`))
          return 0
        case 'add':
          await naming(api.call('listAdd', { name: cmd.list, key: cmd.key }))
          io.out(printableText(`added ${cmd.key} to ${cmd.list}`))
          return 0
        case 'remove':
          await naming(api.call('listRemove', { name: cmd.list, key: cmd.key }))
          io.out(printableText(`removed ${cmd.key} from ${cmd.list}`))
          return 0
        case 'show': {
          const items = await naming(allPages((cursor, limit) => api.call('listTimeline', { name: cmd.list, limit, ...(cursor ? { cursor } : {}) }), cmd.limit))
          io.out(cmd.json ? JSON.stringify(items.map(timelineItem)) : items.length === 0 ? 'Nothing from this list yet.' : formatTimeline(items))
          return 0
        }
      }
  }
}

async function allPages(page: (cursor: string | undefined, limit: number) => Promise<Page<StatusView>>, limit: number): Promise<StatusView[]> {
  const items: StatusView[] = []
  let cursor: string | undefined
  while (items.length < limit) {
    const got = await page(cursor, Math.min(MAX_PAGE_ITEMS, limit - items.length))
    items.push(...got.items)
    if (!got.cursor || got.items.length === 0) break
    cursor = got.cursor
  }
  return items.slice(0, limit)
}
