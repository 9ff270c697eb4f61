// Hash routes, so the same files work from file:// in Electron and from `rstatus serve`, and a deep link
// is just a hash. Every screen's address is built here and parsed here.
import { useSyncExternalStore } from 'react'
import { isKey, parseKey, type FeedKey } from '../../shared/keys.js'

export type Route =
  | { name: 'home' }
  | { name: 'profile'; key: FeedKey }
  | { name: 'status'; key: FeedKey; seq: number; reply: boolean }
  | { name: 'tag'; tag: string }
  | { name: 'search'; q: string }
  | { name: 'notifications' }
  | { name: 'follow'; ref: string }
  | { name: 'sync' }
  | { name: 'settings' }
  | { name: 'apps' }
  | { name: 'devices' }
  | { name: 'requests' }
  /** `id`: the conversation open, if any; `to`: a person to start writing to (the Message button). */
  | { name: 'messages'; id: string | null; to: FeedKey | null }
  | { name: 'bookmarks' }
  | { name: 'lists' }
  | { name: 'list'; list: string }
  | { name: 'drafts' }
  /** The composer on a page of its own: a draft reopened, or a status to quote. */
  | { name: 'compose'; draft: string | null; quote: string | null }
  | { name: 'not-found'; path: string }

export const href = {
  home: () => '#/home',
  profile: (key: FeedKey) => `#/profile/${key}`,
  status: (key: FeedKey, seq: number, opts: { reply?: boolean } = {}) =>
    `#/status/${key}/${seq}${opts.reply ? '?reply=1' : ''}`,
  tag: (tag: string) => `#/tag/${encodeURIComponent(tag)}`,
  search: (q: string) => `#/search?q=${encodeURIComponent(q)}`,
  notifications: () => '#/notifications',
  follow: (ref = '') => (ref ? `#/follow?ref=${encodeURIComponent(ref)}` : '#/follow'),
  sync: () => '#/sync',
  settings: () => '#/settings',
  apps: () => '#/apps',
  devices: () => '#/devices',
  requests: () => '#/requests',
  bookmarks: () => '#/bookmarks',
  lists: () => '#/lists',
  list: (name: string) => `#/list/${encodeURIComponent(name)}`,
  drafts: () => '#/drafts',
  draft: (id: string) => `#/compose?draft=${encodeURIComponent(id)}`,
  quote: (uri: string) => `#/compose?quote=${encodeURIComponent(uri)}`,
  messages: (opts: { id?: string; to?: FeedKey } = {}) =>
    opts.id ? `#/messages/${opts.id}` : opts.to ? `#/messages?to=${opts.to}` : '#/messages'
}

/** The hash route for an rstatus:// status URI. */
export function statusHref(uri: string, opts: { reply?: boolean } = {}): string {
  const m = /^rstatus:\/\/([^/]+)\/(\d+)$/.exec(uri)
  return m ? href.status(m[1]!, Number(m[2]), opts) : href.home()
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '')
  const [pathPart = '', queryPart = ''] = raw.split('?', 2)
  const query = new URLSearchParams(queryPart)
  const parts = pathPart.split('/').map(safeDecode)
  const [head = '', a, b] = parts
  switch (head) {
    case '':
    case 'home':
      return { name: 'home' }
    case 'profile':
      if (a && isKey(a) && parts.length === 2) return { name: 'profile', key: parseKey(a) }
      break
    case 'status':
      if (a && isKey(a) && b !== undefined && /^\d{1,15}$/.test(b) && parts.length === 3) {
        return { name: 'status', key: parseKey(a), seq: Number(b), reply: query.get('reply') === '1' }
      }
      break
    case 'tag':
      if (a && parts.length === 2) return { name: 'tag', tag: a.replace(/^#/, '') }
      break
    case 'search':
      return { name: 'search', q: query.get('q') ?? '' }
    case 'notifications':
      return { name: 'notifications' }
    case 'follow':
      return { name: 'follow', ref: query.get('ref') ?? '' }
    case 'sync':
      return { name: 'sync' }
    case 'settings':
      return { name: 'settings' }
    case 'apps':
      return { name: 'apps' }
    case 'devices':
      return { name: 'devices' }
    case 'requests':
      return { name: 'requests' }
    case 'bookmarks':
      return { name: 'bookmarks' }
    case 'lists':
      return { name: 'lists' }
    case 'list':
      if (a && parts.length === 2) return { name: 'list', list: a }
      break
    case 'drafts':
      return { name: 'drafts' }
    case 'compose': {
      const draft = query.get('draft')
      const quote = query.get('quote')
      return { name: 'compose', draft: draft && /^[0-9a-z-]{1,64}$/.test(draft) ? draft : null, quote: quote && /^rstatus:\/\/[^/]+\/\d+$/.test(quote) ? quote : null }
    }
    case 'messages': {
      const to = query.get('to')
      if (parts.length === 1) return { name: 'messages', id: null, to: to && isKey(to) ? parseKey(to) : null }
      if (a && /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/.test(a) && parts.length === 2) return { name: 'messages', id: a, to: null }
      break
    }
  }
  return { name: 'not-found', path: pathPart }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}

function subscribe(fn: () => void): () => void {
  window.addEventListener('hashchange', fn)
  return () => window.removeEventListener('hashchange', fn)
}

const getHash = () => window.location.hash

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash)
  return parseRoute(hash)
}

export function navigate(to: string): void {
  if (window.location.hash !== to) window.location.hash = to
}
