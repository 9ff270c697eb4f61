// The one search box, in the side bar: statuses and people; "#tag" goes straight to the tag's page, and a
// pasted key or rstatus:// link straight to the profile or status it names.
import { useEffect, useId, useState, type FormEvent } from 'react'
import { SearchIcon } from '../../components/icons.js'
import { parseRef } from '../../../shared/keys.js'
import { href, navigate } from '../../navigation/routes.js'

export function SearchBox({ current = '' }: { current?: string }) {
  const [q, setQ] = useState(current)
  const id = useId()
  useEffect(() => setQ(current), [current])

  function submit(e: FormEvent) {
    e.preventDefault()
    const query = q.trim()
    if (!query) return
    const ref = refIn(query)
    if (ref) return navigate(ref.seq === undefined ? href.profile(ref.key) : href.status(ref.key, ref.seq))
    const tag = /^#([\p{L}\p{N}_]+)$/u.exec(query)
    navigate(tag ? href.tag(tag[1]!.toLowerCase()) : href.search(query))
  }

  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">Search statuses and people</label>
      <SearchIcon />
      <input id={id} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search" maxLength={200} />
    </form>
  )
}

function refIn(query: string): ReturnType<typeof parseRef> | null {
  try {
    return parseRef(query)
  } catch {
    return null
  }
}
