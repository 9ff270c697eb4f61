// The handlers for what an author does to a status after posting it (edit, pin, unpin), votes in polls, and
// the lists those records make (pinned statuses, a status's history, its quotes).
import type { Params } from '../../../shared/api/contract.js'
import type { statuses } from '../../../shared/api/statuses.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseRef, parseStatusUri, statusUri, type FeedKey } from '../../../shared/keys.js'
import { MAX_PINS } from '../../../shared/protocol/limits.js'
import type { Mention, Poll } from '../../../shared/protocol/records.js'
import type { AreaHandlers } from './api.js'
import type { ViewStore } from '../views/worker.js'
import type { FeedWriter } from '../writer/feed-writer.js'
import type { OwnFeed } from '../writer/own-feed.js'

type RecordHandlers = Pick<AreaHandlers<typeof statuses>, 'edit' | 'vote' | 'pin' | 'unpin' | 'pinned' | 'history' | 'quotes'>

export interface StatusRecordServices {
  own: Pick<OwnFeed, 'key'>
  writer: Pick<FeedWriter, 'write'>
  views: Pick<ViewStore, 'status' | 'pinned' | 'history' | 'quotes'>
  /** My feed, my identity and its devices. */
  myKeys(): Promise<FeedKey[]>
  resolveMentions(text: string, known: Params<'post'>['mentions']): Promise<Mention[]>
}

const HOUR_MS = 3_600_000
const DEFAULT_POLL_HOURS = 24

/** The poll record for choices open `hours` from `createdAt`; the feed's rules (2 to 4, distinct) are checked on write. */
export function pollOf(input: NonNullable<Params<'post'>['poll']>, createdAt: number): Poll {
  return { choices: input.choices, endsAt: createdAt + (input.hours ?? DEFAULT_POLL_HOURS) * HOUR_MS }
}

/** A status link as the feed spells it, whatever form it was given in (a key link with a seq). */
export function canonicalUri(uri: string): string {
  const t = parseStatusUri(uri)
  return statusUri(t.key, t.seq)
}

export function statusRecordHandlers(s: StatusRecordServices): RecordHandlers {
  const { views } = s

  /** A status this device wrote and we hold; edits and pins of others' statuses are invalid in the feed. */
  async function ownStatus(uri: string, verb: 'edit' | 'pin' | 'unpin') {
    const t = parseStatusUri(uri)
    if (t.key !== s.own.key) {
      if ((await s.myKeys()).includes(t.key)) throw new RstatusError('NOT_ALLOWED', `A status can be ${verb}${verb === 'edit' ? 'ed' : 'ned'} only on the device that wrote it`)
      throw new RstatusError('NOT_ALLOWED', `You can only ${verb} your own statuses`)
    }
    const view = await views.status(t.key, t.seq)
    if (!view) throw new RstatusError('NOT_FOUND', `No status at ${uri}`)
    return view
  }

  async function appendPin(type: 'pin' | 'unpin', of: string): Promise<{ uri: string }> {
    const view = await ownStatus(of, type)
    if (type === 'pin') {
      const pinned = await views.pinned(s.own.key)
      if (!pinned.some((p) => p.uri === view.uri) && pinned.length >= MAX_PINS) {
        throw new RstatusError('INVALID_INPUT', `At most ${MAX_PINS} statuses can be pinned: unpin one first`)
      }
    }
    const { seq } = await s.writer.write({ type, of: view.uri })
    return { uri: statusUri(s.own.key, seq) }
  }

  return {
    async edit({ uri, text, mentions: known, cw, sensitive }) {
      const current = await ownStatus(uri, 'edit')
      const mentions = await s.resolveMentions(text, known)
      await s.writer.write({
        type: 'edit',
        of: current.uri,
        text,
        ...(mentions.length > 0 ? { mentions } : {}),
        // An edit is complete: the images stay unless a later version says otherwise.
        ...(current.attachments ? { attachments: current.attachments } : {}),
        ...(cw !== undefined ? { cw } : {}),
        ...((sensitive ?? current.sensitive) ? { sensitive: true as const } : {})
      })
      const view = await views.status(current.feed, current.seq)
      if (!view) throw new RstatusError('INTERNAL', 'The edit was written but the status could not be read back')
      return view
    },
    async vote({ of, choice }) {
      const t = parseStatusUri(of)
      const view = await views.status(t.key, t.seq)
      if (!view) throw new RstatusError('NOT_FOUND', `No status at ${of}`)
      if (!view.poll) throw new RstatusError('INVALID_INPUT', 'That status has no poll')
      if (choice > view.poll.choices.length) throw new RstatusError('INVALID_INPUT', `The poll has ${view.poll.choices.length} choices: choose from 1 to ${view.poll.choices.length}`)
      if (Date.now() > view.poll.endsAt) throw new RstatusError('INVALID_INPUT', 'The poll has ended')
      const { seq } = await s.writer.write({ type: 'vote', of: view.uri, choice })
      return { uri: statusUri(s.own.key, seq) }
    },
    pin: ({ of }) => appendPin('pin', of),
    unpin: ({ of }) => appendPin('unpin', of),
    pinned: ({ key }) => views.pinned(parseRef(key).key),
    async history({ uri }) {
      const t = parseStatusUri(uri)
      return views.history(t.key, t.seq)
    },
    async quotes({ uri, limit }) {
      const t = parseStatusUri(uri)
      return views.quotes(t.key, t.seq, limit)
    }
  }
}
