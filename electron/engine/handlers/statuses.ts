// The handlers of shared/api/statuses.ts: statuses written through the FeedWriter, and read from the views.
import type { Params } from '../../../shared/api/contract.js'
import type { StatusView } from '../../../shared/api/shapes.js'
import type { statuses } from '../../../shared/api/statuses.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseRef, parseStatusUri, statusUri, type FeedKey } from '../../../shared/keys.js'
import type { LinkCard, Mention } from '../../../shared/protocol/records.js'
import { linksOf, mentionNamesOf } from '../../../shared/protocol/text.js'
import type { ViewStore } from '../views/worker.js'
import type { FeedWriter } from '../writer/feed-writer.js'
import type { OwnFeed } from '../writer/own-feed.js'
import type { AreaHandlers } from './api.js'
import { attachImages, type ImageServices } from './images.js'
import { canonicalUri, pollOf, statusRecordHandlers } from './status-records.js'

export interface StatusServices extends ImageServices {
  own: Pick<OwnFeed, 'key' | 'length'>
  writer: Pick<FeedWriter, 'write' | 'check'>
  views: Pick<ViewStore, 'repostsBy' | 'status' | 'thread' | 'timeline' | 'mentions' | 'hashtag' | 'search' | 'people' | 'pinned' | 'history' | 'quotes'>
  /** My feed, my identity and its devices. */
  myKeys(): Promise<FeedKey[]>
  /** A link card for `url`, with its picture where it has one, fetched now within the limits (cards/fetch-card.ts), or null. */
  fetchCard(url: string): Promise<LinkCard | null>
  /** A reply or mention reaches its addressee even when they do not follow this identity (the inbox). */
  announce(view: StatusView): Promise<void>
  log(line: string): void
}

export function statusHandlers(s: StatusServices): AreaHandlers<typeof statuses> {
  const { views } = s

  async function appendStatus(
    text: string,
    reply: { to: string; root: string } | undefined,
    p: Omit<Params<'post'>, 'text'>
  ): Promise<StatusView> {
    const mentions = await resolveMentions(views, text, p.mentions)
    const createdAt = Date.now()
    const poll = p.poll ? pollOf(p.poll, createdAt) : undefined
    const link = 'card' in p && p.card ? linksOf(text)[0] : undefined
    const card = link !== undefined ? await s.fetchCard(link) : null
    const attachments = await attachImages(s, text, p.images)
    const { seq } = await s.writer.write({
      type: 'status',
      text,
      createdAt,
      ...(reply ? { replyTo: reply.to, root: reply.root } : {}),
      ...(mentions.length > 0 ? { mentions } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(p.quote ? { quote: canonicalUri(p.quote) } : {}),
      ...(p.cw !== undefined ? { cw: p.cw } : {}),
      ...(p.sensitive ? { sensitive: true as const } : {}),
      ...(poll ? { poll } : {}),
      ...(card ? { card } : {})
    })
    const view = await views.status(s.own.key, seq)
    if (!view) throw new RstatusError('INTERNAL', 'The status was written but could not be read back')
    // The status is posted; an announcement that fails now is made again when this peer next goes online.
    await s.announce(view).catch((err: unknown) => s.log(`rstatus: could not announce ${view.uri}: ${(err as Error).message}`))
    return view
  }

  async function appendRef(type: 'repost' | 'like' | 'unlike', of: string): Promise<{ uri: string }> {
    const target = parseStatusUri(of)
    const { seq } = await s.writer.write({ type, of: statusUri(target.key, target.seq) })
    return { uri: statusUri(s.own.key, seq) }
  }

  return {
    post: ({ text, ...rest }) => appendStatus(text, undefined, rest),
    async reply({ to, text, ...rest }) {
      const target = parseStatusUri(to)
      const uri = statusUri(target.key, target.seq)
      const parent = await views.status(target.key, target.seq)
      return appendStatus(text, { to: uri, root: parent?.root ?? uri }, rest)
    },
    ...statusRecordHandlers({ ...s, resolveMentions: (text, known) => resolveMentions(views, text, known) }),
    repost: ({ of }) => appendRef('repost', of),
    async unrepost({ of }) {
      const target = parseStatusUri(of)
      const mine = await views.repostsBy(s.own.key, target.key, target.seq)
      if (mine.length === 0 && (await views.status(target.key, target.seq))?.repostedByMe) {
        throw new RstatusError('NOT_ALLOWED', 'A repost can be undone only on the device that made it')
      }
      const uris: string[] = []
      for (const seq of mine) {
        const written = await s.writer.write({ type: 'delete', of: statusUri(s.own.key, seq) })
        uris.push(statusUri(s.own.key, written.seq))
      }
      return { uris }
    },
    like: ({ of }) => appendRef('like', of),
    unlike: ({ of }) => appendRef('unlike', of),
    async delete({ uri }) {
      const target = parseStatusUri(uri)
      const me = s.own.key
      if (target.key !== me && (await s.myKeys()).includes(target.key)) {
        throw new RstatusError('NOT_ALLOWED', 'A status can be deleted only on the device that wrote it')
      }
      if (target.key !== me) throw new RstatusError('NOT_ALLOWED', 'You can only delete your own statuses')
      if (target.seq >= s.own.length) throw new RstatusError('NOT_FOUND', `No status at ${uri}`)
      const { seq } = await s.writer.write({ type: 'delete', of: statusUri(target.key, target.seq) })
      return { uri: statusUri(me, seq) }
    },
    async status({ uri }) {
      const target = parseStatusUri(uri)
      return views.status(target.key, target.seq)
    },
    async thread({ uri }) {
      const target = parseStatusUri(uri)
      return views.thread(statusUri(target.key, target.seq))
    },
    timeline: (page) => views.timeline(page),
    mentions: (page) => views.mentions(page),
    hashtag: ({ tag, ...page }) => views.hashtag(tag, page),
    async search({ query, ...page }) {
      const [statuses, people] = await Promise.all([views.search(query, page), views.people(query, 10)])
      return { statuses, people }
    }
  }
}

/**
 * "@alice" becomes a mention when the caller said whom it stands for, when alice is a unique known name, or
 * when the text names a key directly. A name the caller gives that the text does not mention is refused.
 */
async function resolveMentions(
  views: Pick<ViewStore, 'people'>,
  text: string,
  known: Params<'post'>['mentions'] = []
): Promise<Mention[]> {
  const mentions: Mention[] = []
  const names = mentionNamesOf(text)
  const given = new Map<string, FeedKey>()
  for (const m of known) {
    const name = names.find((n) => n.toLowerCase() === m.name.replace(/^@/, '').toLowerCase())
    if (name === undefined) throw new RstatusError('INVALID_INPUT', `The text does not mention @${m.name}`)
    given.set(name, parseRef(m.key).key)
  }
  for (const name of names) {
    let key: FeedKey | null = given.get(name) ?? null
    if (key) {
      if (!mentions.some((m) => m.key === key)) mentions.push({ key, name })
      continue
    }
    try {
      key = parseRef(name).key
    } catch {
      // not a key: a name, which must be one known person's
      const matches = (await views.people(name, 5)).filter((p) => p.name?.toLowerCase() === name.toLowerCase())
      if (matches.length === 1) key = matches[0]!.key
    }
    if (key && !mentions.some((m) => m.key === key)) mentions.push({ key, name })
  }
  return mentions.slice(0, 20)
}
