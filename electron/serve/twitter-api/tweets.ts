// Looks up what Twitter's shapes need (ids, the profiles of authors, of people mentioned and replied to)
// and builds them with shapes.ts. One builder serves one request, so each profile is asked for once.
import type { Api } from '../../../shared/api/contract.js'
import type { ProfileView } from '../../../shared/api/profile.js'
import type { QuoteView, StatusView } from '../../../shared/api/shapes.js'
import { parseStatusUri, type FeedKey } from '../../../shared/keys.js'
import type { TwitterIds } from './ids.js'
import { retweetObject, screenNameOf, shortName, tweetObject, userObject, type Tweet, type TwitterUser, type UserRef } from './shapes.js'
import { askForProfiles, entryRef, type TimelineEntry } from './timeline.js'

export interface TweetOptions {
  /** trim_user: the user object is only its ids. */
  trimUser: boolean
  includeEntities: boolean
}

export class TweetBuilder {
  private readonly profiles = new Map<FeedKey, Promise<ProfileView>>()

  constructor(
    private readonly api: Api,
    private readonly ids: TwitterIds,
    private readonly opts: TweetOptions
  ) {}

  async entries(entries: readonly TimelineEntry[]): Promise<Tweet[]> {
    if (!this.opts.trimUser) askForProfiles(entries, (key) => this.profile(key))
    const out: Tweet[] = []
    for (const entry of entries) out.push(await this.entry(entry))
    return out
  }

  /** A timeline entry: a Tweet, or for a repost a retweet wrapping the original. */
  async entry({ status, id }: TimelineEntry): Promise<Tweet> {
    const by = status.repostedBy
    if (!by) return this.tweet(status, id)
    const { repostedBy: _, ...original } = status
    const [originalId] = await this.ids.statusIds([entryRef(original)])
    return retweetObject(await this.tweet(original, originalId as number), {
      id,
      uri: by.uri,
      createdAt: by.createdAt,
      user: await this.author(by.key)
    })
  }

  /** A status (never a repost entry) as a Tweet; its id is assigned now if it has none yet. */
  async tweet(status: StatusView, knownId?: number): Promise<Tweet> {
    const id = knownId ?? ((await this.ids.statusIds([entryRef(status)]))[0] as number)
    const mentions = new Map<string, UserRef>()
    if (this.opts.includeEntities) {
      for (const m of status.mentions ?? []) mentions.set(m.name.toLowerCase(), await this.userRef(m.key))
    }
    const tweet = tweetObject({
      status,
      id,
      user: await this.author(status.feed),
      mentions,
      replyTo: status.replyTo ? await this.replyTarget(status.replyTo) : null,
      includeEntities: this.opts.includeEntities
    })
    return status.quote ? { ...tweet, ...(await this.quoted(status.quote)) } : tweet
  }

  /**
   * Twitter's quote fields: `quoted_status` (one level deep, as Twitter nests it) when this peer shows the
   * quoted status; only `is_quote_status` when it is deleted, not held, or its author does not allow quotes.
   */
  private async quoted(quote: QuoteView): Promise<Pick<Tweet, 'is_quote_status' | 'quoted_status_id' | 'quoted_status_id_str' | 'quoted_status'>> {
    const quoted = 'state' in quote ? null : await this.api.call('status', { uri: quote.uri })
    if (!quoted) return { is_quote_status: true }
    const { quote: _, ...plain } = quoted
    const [id] = await this.ids.statusIds([entryRef(plain)])
    return { is_quote_status: true, quoted_status_id: id as number, quoted_status_id_str: String(id), quoted_status: await this.tweet(plain, id) }
  }


  async user(key: FeedKey): Promise<TwitterUser> {
    const [profile, [id]] = await Promise.all([this.profile(key), this.ids.userIds([key])])
    return userObject(profile, id as number)
  }

  private async author(key: FeedKey): Promise<Tweet['user']> {
    if (!this.opts.trimUser) return this.user(key)
    const [id] = await this.ids.userIds([key])
    return { id: id as number, id_str: String(id) }
  }

  private async userRef(key: FeedKey): Promise<UserRef> {
    const [profile, [id]] = await Promise.all([this.profile(key), this.ids.userIds([key])])
    return { id: id as number, screenName: screenNameOf(profile.name, key), name: shortName(profile) }
  }

  /** The parent's id when this server has shown it or holds it; its author in any case. */
  private async replyTarget(uri: string): Promise<{ id: number | null; user: UserRef }> {
    const { key } = parseStatusUri(uri)
    let id = await this.ids.knownStatusId(uri)
    if (id === null) {
      const parent = await this.api.call('status', { uri })
      if (parent) id = (await this.ids.statusIds([entryRef(parent)]))[0] ?? null
    }
    return { id, user: await this.userRef(key) }
  }

  private profile(key: FeedKey): Promise<ProfileView> {
    let p = this.profiles.get(key)
    if (!p) {
      p = this.api.call('profile', { key })
      this.profiles.set(key, p)
    }
    return p
  }
}
