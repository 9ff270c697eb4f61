// Block and mute, applied: the person's lists (moderation-list.ts) name a key as given; here each becomes the
// identity it belongs to and all its device feeds. A block stops replication and re-serving (the replication
// asks isBlocked, the serve guard asks refusesTopic) and hides the feeds everywhere; a mute only hides them
// where they would come unasked. The views are told what to leave out.
import Hypercore from 'hypercore'
import ids from 'hypercore-id-encoding'
import ReadyResource from 'ready-resource'
import { RstatusError } from '../../../shared/errors.js'
import type { FeedKey } from '../../../shared/keys.js'
import type { ViewStore } from '../views/worker.js'
import type { OwnFeed } from '../writer/own-feed.js'
import { ModerationList } from './moderation-list.js'
import { withDevices } from './moderated-feeds.js'

export interface ModerationOptions {
  dataDir: string
  own: Pick<OwnFeed, 'key'>
  views: Pick<ViewStore, 'identity' | 'authorOf' | 'listedDevices' | 'members' | 'removeFeed' | 'setHidden'>
  /** My feed, my identity and its devices: never blocked or muted. */
  myKeys(): Promise<FeedKey[]>
  /** Brings the replicas in line after a block or an unblock. */
  reconcile(): Promise<void>
  /** Deletes the blocks held of a feed no longer replicated. */
  purgeFeed(feed: FeedKey): Promise<void>
}

export class Moderation extends ReadyResource {
  readonly list: ModerationList
  /** Blocked keys and every device feed of a blocked identity. */
  private blockedFeeds = new Set<FeedKey>()
  private blockedTopics = new Set<string>()
  private mutedFeeds = new Set<FeedKey>()

  constructor(private readonly opts: ModerationOptions) {
    super()
    this.list = new ModerationList(opts.dataDir)
  }

  /** Reads the block and mute lists into what replication and the views apply. */
  protected override async _open(): Promise<void> {
    await this.refresh()
  }

  isBlocked(feed: FeedKey): boolean {
    return this.blockedFeeds.has(feed)
  }

  /** For the serve guard: a blocked feed's core is never attached to a connection. */
  refusesTopic(discoveryKey: Buffer): boolean {
    return this.blockedTopics.size > 0 && this.blockedTopics.has(discoveryKey.toString('hex'))
  }

  async setBlocked(key: FeedKey, on: boolean, opts: { deleteData?: boolean } = {}): Promise<{ key: FeedKey }> {
    const author = await this.authorToModerate(key)
    this.list.set('blocked', author, on)
    await this.refresh()
    await this.opts.reconcile()
    if (on && opts.deleteData) await this.deleteData(author)
    return { key: author }
  }

  async setMuted(key: FeedKey, on: boolean): Promise<{ key: FeedKey }> {
    const author = await this.authorToModerate(key)
    this.list.set('muted', author, on)
    await this.refresh()
    return { key: author }
  }

  /** Applies the lists again: device links changed, so a blocked identity may have new device feeds. */
  async refresh(): Promise<void> {
    this.blockedFeeds = await this.withDevices(this.list.blocked)
    this.mutedFeeds = await this.withDevices(this.list.muted)
    this.blockedTopics = new Set([...this.blockedFeeds].map((k) => Hypercore.discoveryKey(ids.decode(k)).toString('hex')))
    this.opts.views.setHidden({ blocked: new Set(this.blockedFeeds), muted: new Set(this.mutedFeeds) })
  }

  private async authorToModerate(key: FeedKey): Promise<FeedKey> {
    const author = await this.opts.views.authorOf(key)
    if ((await this.opts.myKeys()).includes(author) || author === this.opts.views.identity) {
      throw new RstatusError('INVALID_INPUT', 'That is you (or one of your devices)')
    }
    return author
  }

  private withDevices(keys: FeedKey[]): Promise<Set<FeedKey>> {
    return withDevices(this.opts.views, keys)
  }

  /** Forgets everything held of a blocked identity: its views entries and the blocks of each of its feeds. */
  private async deleteData(author: FeedKey): Promise<void> {
    for (const feed of await this.withDevices([author])) {
      if (feed === this.opts.own.key) continue
      await this.opts.views.removeFeed(feed)
      await this.opts.purgeFeed(feed)
    }
  }
}
