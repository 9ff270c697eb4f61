// A look at a feed before following it: its profile and latest statuses, fetched sparsely from whoever
// holds it. Nothing is indexed or kept downloading; the blocks fetched stay in the store's cache only.
import type Hypercore from 'hypercore'
import type { Preview } from '../../../shared/api/follows.js'
import type { StatusView } from '../../../shared/api/shapes.js'
import { feedUri, statusUri, type FeedKey } from '../../../shared/keys.js'
import type { ProfileRecord } from '../../../shared/protocol/records.js'
import { sortTime } from '../../../shared/protocol/time.js'
import { decodeBlock } from '../../../shared/protocol/validate.js'

/** How far back from the end we look for a profile record. */
const PROFILE_SCAN = 200

export async function previewFeed(
  core: Hypercore,
  feed: FeedKey,
  opts: { limit: number; timeout: number; waitForPeer: () => Promise<boolean> }
): Promise<Preview> {
  const reachable = await opts.waitForPeer()
  if (reachable) await withTimeout(core.update({ wait: true }), opts.timeout).catch(() => {})
  const length = core.length
  const statuses: Array<Omit<StatusView, 'author'>> = []
  let profile: ProfileRecord | null = null
  const deleted = new Set<string>()

  const lowest = Math.max(1, length - PROFILE_SCAN)
  const deadline = Date.now() + opts.timeout
  for (let seq = length - 1; seq >= lowest && Date.now() < deadline; seq--) {
    if (statuses.length >= opts.limit && profile) break
    const block = await core.get(seq, { timeout: Math.max(1, deadline - Date.now()) }).catch(() => null)
    if (!block) continue
    const decoded = decodeBlock(block, { feed, seq })
    if (!decoded.ok || !decoded.record) continue
    const r = decoded.record
    if (r.type === 'profile' && !profile) profile = r
    else if (r.type === 'delete') deleted.add(r.of)
    else if (r.type === 'status' && statuses.length < opts.limit && !deleted.has(statusUri(feed, seq))) {
      statuses.push({
        uri: statusUri(feed, seq),
        feed,
        seq,
        type: 'status',
        text: r.text,
        createdAt: r.createdAt,
        sortAt: sortTime(r.createdAt, Date.now()),
        ...(r.replyTo ? { replyTo: r.replyTo, root: r.root } : {}),
        // Names come from the views; a preview reads only this feed, so its mentions show as keys.
        ...(r.mentions ? { mentions: r.mentions.map((m) => ({ ...m, profileName: null, nameShared: false })) } : {}),
        ...(r.attachments ? { attachments: r.attachments } : {}),
        counts: { likes: 0, reposts: 0, replies: 0 },
        likedByMe: false,
        repostedByMe: false
      })
    }
  }
  const name = profile?.name ?? null
  const author = { key: feed, name, ...(profile?.avatar ? { avatar: profile.avatar } : {}), ...(profile?.handle ? { handle: profile.handle } : {}) }
  return {
    profile: {
      key: feed,
      uri: feedUri(feed),
      name,
      bio: profile?.bio ?? '',
      ...(profile?.avatar ? { avatar: profile.avatar } : {}),
      ...(profile?.left ? { left: true } : {}),
      ...(profile?.handle ? { handle: profile.handle } : {}),
      statuses: length
    },
    statuses: statuses.map((s) => ({ ...s, author })),
    length,
    reachable: reachable || length > 0
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms)
    promise.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e) => {
        clearTimeout(timer)
        reject(e)
      }
    )
  })
}
