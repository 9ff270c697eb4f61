// How much this device holds for each feed: the log and the images. Other people's images are a cache
// that is trimmed, oldest seen first, past its cap; your own are always kept.
import { shortKey } from '../../../shared/keys.js'
import { useQuery } from '../../api/useQuery.js'
import { ErrorNote, Loading } from '../../components/States.js'

export function StorageUsage() {
  const storage = useQuery('storage', {})
  if (storage.loading) return <Loading />
  if (!storage.data) return <ErrorNote error={storage.error ?? 'Could not read storage use'} onRetry={() => void storage.refetch()} />
  const { feeds, mediaCache } = storage.data
  return (
    <>
      <table className="storage-table">
        <caption className="visually-hidden">Storage per feed</caption>
        <thead>
          <tr><th scope="col">Feed</th><th scope="col" className="num">Statuses</th><th scope="col" className="num">Images</th></tr>
        </thead>
        <tbody>
          {feeds.map((f) => (
            <tr key={f.key}>
              <th scope="row">{f.isMe ? 'You' : (f.name ?? shortKey(f.key))}</th>
              <td className="num">{bytes(f.feedBytes)}</td>
              <td className="num">{bytes(f.mediaBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Other people's images use {bytes(mediaCache.usedBytes)} of {bytes(mediaCache.capBytes)}. Past that, the ones
        you looked at longest ago are removed from this device and fetched again when you look. Your own images are always kept.
      </p>
    </>
  )
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = n / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value >= 100 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`
}
