// What an identity's private records add up to (docs/PROTOCOL.md "Private data"): per item, the record with
// the highest `at` wins, ties broken by the record's own encoding, so every device that holds the same records
// comes to the same state whatever order they arrived in, and a snapshot of the winners carries it whole.
import type { FeedKey } from '../../../shared/keys.js'
import type { DraftRecord, PrivateRecord } from '../../../shared/protocol/private-records.js'

export interface Bookmark {
  uri: string
  at: number
}

export interface PrivateList {
  name: string
  /** Identity keys, in the order they were added. */
  members: FeedKey[]
  at: number
}

interface Entry {
  record: PrivateRecord
  encoded: string
}

export class PrivateState {
  private readonly items = new Map<string, Entry>()
  /** The latest list-delete of each name: members added before it are gone, even if the list is made again. */
  private readonly deletes = new Map<string, Entry>()

  /** Takes one record in; answers whether the state changed. */
  apply(record: PrivateRecord): boolean {
    const entry = { record, encoded: JSON.stringify(record) }
    let changed = win(this.items, itemOf(record), entry)
    if (record.type === 'list-delete') changed = win(this.deletes, record.name, entry) || changed
    return changed
  }

  /** The `at` of the record now winning the item `record` writes (-1 if none): a new write goes after it. */
  atOf(record: PrivateRecord): number {
    const held = this.items.get(itemOf(record))?.record.at ?? -1
    return record.type === 'list-delete' ? Math.max(held, this.deletes.get(record.name)?.record.at ?? -1) : held
  }

  bookmarks(): Bookmark[] {
    const out: Bookmark[] = []
    for (const { record } of this.items.values()) if (record.type === 'bookmark') out.push({ uri: record.uri, at: record.at })
    return out.sort((a, b) => b.at - a.at || (a.uri < b.uri ? -1 : 1))
  }

  isBookmarked(uri: string): boolean {
    return this.items.get(`b\u0000${uri}`)?.record.type === 'bookmark'
  }

  lists(): PrivateList[] {
    const lists = new Map<string, PrivateList>()
    for (const { record } of this.items.values()) if (record.type === 'list-create') lists.set(record.name, { name: record.name, members: [], at: record.at })
    const added: Array<{ name: string; key: FeedKey; at: number }> = []
    for (const { record } of this.items.values()) {
      if (record.type !== 'list-add' || !lists.has(record.name)) continue
      const deleted = this.deletes.get(record.name)?.record.at ?? -1
      if (record.at > deleted) added.push(record)
    }
    added.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1))
    for (const a of added) lists.get(a.name)?.members.push(a.key)
    return [...lists.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  list(name: string): PrivateList | null {
    return this.lists().find((l) => l.name === name) ?? null
  }

  drafts(): DraftRecord[] {
    const out: DraftRecord[] = []
    for (const { record } of this.items.values()) if (record.type === 'draft-put') out.push(record)
    return out.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1))
  }

  /** The winning records, each once, oldest first: written again, they give this same state. */
  winners(): PrivateRecord[] {
    const seen = new Map<string, PrivateRecord>()
    for (const map of [this.items, this.deletes]) for (const e of map.values()) seen.set(e.encoded, e.record)
    return [...seen.values()].sort((a, b) => a.at - b.at)
  }
}

function itemOf(record: PrivateRecord): string {
  switch (record.type) {
    case 'bookmark':
    case 'unbookmark':
      return `b\u0000${record.uri}`
    case 'list-create':
    case 'list-delete':
      return `l\u0000${record.name}`
    case 'list-add':
    case 'list-remove':
      return `m\u0000${record.name}\u0000${record.key}`
    case 'draft-put':
    case 'draft-delete':
      return `d\u0000${record.id}`
  }
}

function win(map: Map<string, Entry>, item: string, entry: Entry): boolean {
  const held = map.get(item)
  if (held && (held.record.at > entry.record.at || (held.record.at === entry.record.at && held.encoded >= entry.encoded))) return false
  map.set(item, entry)
  return true
}
