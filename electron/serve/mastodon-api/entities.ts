// Looks up what Mastodon's entities need (ids, the profiles of authors and of people mentioned, the parent's
// id) and builds them with shapes.ts. One builder serves one request, so each profile is asked for once.
// Status ids are the Twitter subset's (twitter/ids.ts): the same number names the same status on both doors.
import type { Api } from '../../../shared/api/contract.js'
import type { Notification } from '../../../shared/api/notifications.js'
import type { ProfileView } from '../../../shared/api/profile.js'
import type { StatusView } from '../../../shared/api/shapes.js'
import { parseStatusUri, type FeedKey } from '../../../shared/keys.js'
import type { Mention } from '../../../shared/protocol/records.js'
import { statusHtml } from './content.js'
import type { TwitterIds } from '../twitter-api/ids.js'
import { askForProfiles, entryRef, type TimelineEntry } from '../twitter-api/timeline.js'
import {
  accountObject, attachmentObject, isoDate, notificationType, reblogObject, statusObject,
  type Account, type Links, type MastodonStatus, type NotificationType
} from './shapes.js'

export interface MastodonNotification {
  id: string
  type: NotificationType
  created_at: string
  account: Account
  status?: MastodonStatus
}

/** A notification's place among the status ids: its own entry in the same id store, by its time. */
export function notificationRef(n: Pick<Notification, 'id' | 'createdAt'>): { uri: string; time: number } {
  return { uri: `notification:${n.id}`, time: Math.min(n.createdAt, Date.now()) }
}

export class EntityBuilder {
  private readonly profiles = new Map<FeedKey, Promise<ProfileView>>()
  private bookmarks: Promise<Set<string>> | null = null

  constructor(
    private readonly api: Api,
    private readonly ids: TwitterIds,
    readonly links: Links
  ) {}

  async entries(entries: readonly TimelineEntry[]): Promise<MastodonStatus[]> {
    askForProfiles(entries, (key) => this.profile(key))
    const out: MastodonStatus[] = []
    for (const entry of entries) out.push(await this.entry(entry))
    return out
  }

  /** A timeline entry: a status, or for a repost a reblog wrapping the original. */
  async entry({ status, id }: TimelineEntry): Promise<MastodonStatus> {
    const by = status.repostedBy
    if (!by) return this.status(status, String(id))
    const { repostedBy: _, ...original } = status
    return reblogObject(await this.status(original), {
      id: String(id),
      uri: by.uri,
      createdAt: by.createdAt,
      account: await this.account(by.key)
    })
  }

  /** A status (never a repost entry); its id is assigned now if it has none yet. */
  async status(status: StatusView, knownId?: string): Promise<MastodonStatus> {
    const id = knownId ?? (await this.statusId(status))
    const mentionKeys = [...new Set((status.mentions ?? []).map((m) => m.key))]
    const [account, mentions, inReplyTo, bookmarks] = await Promise.all([
      this.account(status.author.key),
      Promise.all(mentionKeys.map((k) => this.account(k))),
      status.replyTo ? this.parent(status.replyTo) : null,
      this.bookmarked()
    ])
    const media = (status.attachments ?? []).map((image, i) => attachmentObject(`${id}-${i}`, status.feed, image, this.links))
    return statusObject({ status, id, account, inReplyTo, mentions, media, bookmarked: bookmarks.has(status.uri) }, this.links)
  }

  /**
   * The bookmarked links, asked for once per request (the newest 500 held). A device that cannot read the
   * private store yet has none.
   */
  private bookmarked(): Promise<Set<string>> {
    this.bookmarks ??= this.api.call('bookmarks', { limit: 500 }).then(
      (page) => new Set(page.items.map((s) => s.uri)),
      () => new Set<string>()
    )
    return this.bookmarks
  }

  /** Status text as Mastodon's sanitized HTML (an older version in a status's history). */
  html(text: string, mentions: readonly Mention[]): string {
    return statusHtml(text, mentions, this.links)
  }

  async statusId(status: StatusView): Promise<string> {
    return String((await this.ids.statusIds([entryRef(status)]))[0])
  }

  async account(key: FeedKey): Promise<Account> {
    return accountObject(await this.profile(key), this.links)
  }

  async notification(n: Notification, id: string): Promise<MastodonNotification> {
    return {
      id,
      type: notificationType(n.kind),
      created_at: isoDate(n.createdAt),
      account: await this.account(n.from.key),
      ...(n.status && n.kind !== 'follow' ? { status: await this.status(n.status) } : {})
    }
  }

  profile(key: FeedKey): Promise<ProfileView> {
    let p = this.profiles.get(key)
    if (!p) {
      p = this.api.call('profile', { key })
      this.profiles.set(key, p)
    }
    return p
  }

  /** The parent's id when this server has shown it or holds it; its author in any case. */
  private async parent(uri: string): Promise<{ id: string | null; accountId: string }> {
    const { key } = parseStatusUri(uri)
    let id = await this.ids.knownStatusId(uri)
    if (id === null) {
      const parent = await this.api.call('status', { uri })
      if (parent) id = (await this.ids.statusIds([entryRef(parent)]))[0] ?? null
      return { id: id === null ? null : String(id), accountId: parent?.author.key ?? key }
    }
    return { id: String(id), accountId: key }
  }
}
