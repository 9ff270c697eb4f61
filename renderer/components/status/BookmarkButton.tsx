// Bookmark and Remove bookmark on a status: private, kept on every device of the identity.
import { useMutation } from '../../api/mutations.js'
import { useBookmarks } from '../../api/queries.js'
import { useToast } from '../Toast.js'

export function BookmarkButton({ uri }: { uri: string }) {
  const bookmarks = useBookmarks().data
  const bookmark = useMutation('bookmark')
  const unbookmark = useMutation('unbookmark')
  const toast = useToast()
  const on = bookmarks?.items.some((s) => s.uri === uri) ?? false
  const label = on ? 'Remove bookmark' : 'Bookmark'
  async function toggle() {
    const outcome = await (on ? unbookmark : bookmark).run({ uri })
    toast(outcome.ok ? (on ? 'Bookmark removed' : 'Bookmarked') : `Could not change the bookmark: ${outcome.error.message}`)
  }
  return (
    <button type="button" className={on ? 'action act-bookmark bookmarked' : 'action act-bookmark'} aria-pressed={on}
      aria-label={label} title={label} disabled={bookmark.pending || unbookmark.pending} onClick={() => void toggle()} />
  )
}
