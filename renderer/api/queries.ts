// One hook per question the UI asks the engine. Each is a cached query; see cache.ts.
import type { FeedKey } from '../../shared/keys.js'
import { useQuery } from './useQuery.js'

export const useWhoAmI = () => useQuery('whoami', {})
export const useProfile = (key: FeedKey | null) => useQuery('profile', key === null ? null : { key })
export const useThread = (uri: string | null) => useQuery('thread', uri === null ? null : { uri })
/** The statuses held here that quote `uri`, newest first. */
export const useQuotes = (uri: string) => useQuery('quotes', { uri })
export const useSyncState = () => useQuery('syncState', {})
export const useEditHistory = (uri: string) => useQuery('history', { uri })
export const usePinned = (key: FeedKey | null) => useQuery('pinned', key === null ? null : { key })
export const useFollowing = () => useQuery('following', {})
export const usePeople = (prefix: string | null, limit = 6) =>
  useQuery('people', prefix === null ? null : { prefix, limit })
export const usePreview = (key: FeedKey | null) =>
  useQuery('preview', key === null ? null : { key, limit: 5, timeout: 15_000 })
export const useNotifications = () => useQuery('notifications', { limit: 100 })
export const useAppTokens = () => useQuery('appTokens', {})
export const useDevices = () => useQuery('devices', {})
/** The block and mute lists. */
export const useModeration = () => useQuery('blocked', {})
export const useSuggestions = (limit = 10) => useQuery('suggestions', { limit })

/** Bookmarks, lists and drafts; the `privateData` event keeps them fresh across devices. */
export const useLists = () => useQuery('lists', {})
export const useDrafts = () => useQuery('drafts', {})
/** The bookmarked statuses held here (the first 500), to show each card's bookmark state. */
export const useBookmarks = () => useQuery('bookmarks', { limit: 500 })

/** Private conversations; the `messages` event keeps them fresh. */
export const useConversations = () => useQuery('dmList', {})
export const useConversation = (conversation: string | null) => useQuery('dmRead', conversation === null ? null : { conversation })
export const useMessageRequests = () => useQuery('dmRequests', {})
export const useMessageSettings = () => useQuery('dmSettings', {})
export const useHandleSettings = () => useQuery('handleSettings', {})

/** Unread messages in every conversation, for the nav badge. */
export function useUnreadMessages(): number {
  return (useConversations().data ?? []).reduce((n, c) => n + c.unread, 0)
}

/** The unread count for the nav badge; the `notifications` event keeps it fresh. */
export function useUnreadCount(): number {
  return useQuery('notifications', { limit: 1 }).data?.unread ?? 0
}
