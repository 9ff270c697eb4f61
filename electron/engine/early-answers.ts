// What a cold start answers from the views as stored, before the store, the feeds and the network are open
// (docs/BENCHMARKS.md, figure 4): what the app's first screen asks for. Who I am comes from the views (whom
// they were built for) and the remembered network key; the home timeline and the unread count from the views.
// A call these cannot answer as the open engine would waits for ready(), as every other call does.
import { feedUri, type FeedKey } from '../../shared/keys.js'
import type { EarlyHandlers } from './handlers/api.js'
import { isVerified, type HandleCache } from './handles/handle-cache.js'
import { markShown } from './handles/mark-shown.js'
import type { ViewStore } from './views/worker.js'

export interface EarlySources {
  views: Pick<ViewStore, 'me' | 'identity' | 'profile' | 'timeline' | 'notifications'>
  /** This device's network key as last seen in the store (peer-key-file.ts); null when not known yet. */
  peer: FeedKey | null
  /** The domains' last answers: marks handles as the open engine does, without asking anyone yet. */
  handles: Pick<HandleCache, 'checks' | 'get'>
}

export function earlyAnswers({ views, peer, handles }: EarlySources): EarlyHandlers {
  const marks = {
    mark<P extends { key: FeedKey; handle?: string }>(p: P): P {
      const verified = p.handle !== undefined && handles.checks && isVerified(handles.get(p.handle), p.key)
      return verified ? { ...p, handleVerified: true } : p
    }
  }
  const marked = <T>(answer: Promise<T>) => answer.then((value) => markShown(value, marks))
  return {
    timeline: (page) => marked(views.timeline(page)),
    notifications: (page) => marked(views.notifications(page)),
    // Waiting for a domain's answer, or a key not remembered yet, is the open engine's to do.
    whoami: ({ waitForHandle }) =>
      waitForHandle !== undefined || peer === null
        ? null
        : marked(views.profile(views.me)).then((profile) => ({ key: views.identity, uri: feedUri(views.identity), device: views.me, peer, profile }))
  }
}
