// A blocked feed must not be re-served. Corestore attaches a core to a connection in three places: when a
// peer asks for a discovery key it holds in storage (`_attachMaybe`, even for a core we closed), when a
// connection starts (every open core that is downloading: `_shouldReplicate`), and when a core starts
// downloading (`streamTracker.attachAll`). A closed core lingers open inside corestore for a few seconds
// before it is collected, so all three are wrapped. These are corestore 7 internals (package.json pins
// corestore); guardServing throws if they move, and test/integration/moderation.test.ts checks the result.
import type Corestore from 'corestore'

interface CoreLike {
  discoveryKey: Buffer | null
}

interface CorestoreInternals {
  _attachMaybe?: (muxer: unknown, discoveryKey: Buffer) => Promise<void>
  _shouldReplicate?: (core: CoreLike, muxer: unknown) => boolean
  streamTracker?: { attachAll?: (core: CoreLike) => void }
}

export function guardServing(store: Corestore, refused: (discoveryKey: Buffer) => boolean): void {
  const target = store as unknown as CorestoreInternals
  const attachMaybe = target._attachMaybe
  const shouldReplicate = target._shouldReplicate
  const tracker = target.streamTracker
  const attachAll = tracker?.attachAll
  if (typeof attachMaybe !== 'function' || typeof shouldReplicate !== 'function' || !tracker || typeof attachAll !== 'function') {
    throw new Error('corestore internals changed: blocked feeds could be re-served (see replication/serve-guard.ts)')
  }
  const refuses = (core: CoreLike) => core.discoveryKey !== null && refused(core.discoveryKey)
  target._attachMaybe = function (this: unknown, muxer, discoveryKey) {
    return refused(discoveryKey) ? Promise.resolve() : attachMaybe.call(this, muxer, discoveryKey)
  }
  target._shouldReplicate = function (this: unknown, core, muxer) {
    return !refuses(core) && shouldReplicate.call(this, core, muxer)
  }
  tracker.attachAll = function (this: unknown, core) {
    if (!refuses(core)) attachAll.call(this, core)
  }
}
