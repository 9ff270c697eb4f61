// Importing a Twitter/X archive into the own feed: each tweet becomes a status with its original date and
// `"source":"twitter:<id>"`, the user's own reply chains stay threads, photos come along (metadata stripped,
// like any attached image). Sources already in the feed are skipped, so importing the same archive twice
// adds nothing twice, and an import cut short resumes where it stopped when run again.
import crypto from 'node:crypto'
import type { ImportProgress } from '../../../shared/api/account.js'
import { isRstatusError, RstatusError } from '../../../shared/errors.js'
import { statusUri } from '../../../shared/keys.js'
import { MAX_IMAGE_BYTES } from '../../../shared/protocol/limits.js'
import type { ImageAttachment } from '../../../shared/protocol/records.js'
import { ownRecords } from '../account/own-records.js'
import type { Media } from '../media/media.js'
import type { Publish } from '../replication/replication.js'
import type { FeedWriter } from '../writer/feed-writer.js'
import type { OwnFeed } from '../writer/own-feed.js'
import { isTweetsFile, mediaFileName, oldestFirst, parseTweetsFile, type ArchivedTweet } from './tweets.js'
import { openZip, type ZipArchive } from './zip-archive.js'

export const SOURCE_PREFIX = 'twitter:'
/** The text of a status made from a tweet that was only photos: a status must have text. */
export const PHOTO_ONLY_TEXT = '📷'
const MAX_TWEETS_FILE_BYTES = 1024 * 1024 * 1024
const PROGRESS_INTERVAL_MS = 200

interface Placed {
  uri: string
  root: string
}

export interface ImportServices {
  own: Pick<OwnFeed, 'key' | 'core'>
  writer: Pick<FeedWriter, 'append' | 'settled'>
  media: Pick<Media, 'addImage'>
  publish: Publish
  /** True once the engine is closing: an import stops, to resume when run again. */
  stopping(): boolean
}

export class TwitterImporter {
  private current: ImportProgress | null = null
  private running = false

  constructor(private readonly s: ImportServices) {}

  get status(): ImportProgress | null {
    return this.current
  }

  /**
   * Opens the archive and reads its tweets, then imports them in the background: progress goes out as
   * `importProgress` events. Resolves with the first progress (state "running"), or rejects when the file
   * is not an archive. `release` is called once the file is no longer needed.
   */
  async start(file: string, release: () => void = () => {}): Promise<ImportProgress> {
    if (this.running) {
      release()
      throw new RstatusError('NOT_ALLOWED', 'An import is already running; wait for it to finish')
    }
    this.running = true
    let zip: ZipArchive | null = null
    try {
      zip = await openZip(file)
      const tweets = await readTweets(zip)
      this.current = { id: crypto.randomBytes(8).toString('hex'), state: 'running', total: tweets.length, done: 0, added: 0, skipped: 0, images: 0, message: null }
      this.emit()
      const archive = zip
      void this.run(archive, tweets).finally(() => {
        archive.close()
        release()
        this.running = false
      })
      return { ...this.current }
    } catch (err) {
      zip?.close()
      release()
      this.running = false
      throw err
    }
  }

  private async run(zip: ZipArchive, tweets: ArchivedTweet[]): Promise<void> {
    const progress = this.current!
    let lastEmit = 0
    const reasons = new Set<string>()
    try {
      const placed = await this.importedSoFar()
      const media = mediaIndex(zip)
      for (const tweet of tweets) {
        if (this.s.stopping()) throw new RstatusError('CLOSED', 'rstatus stopped during the import; run it again to continue')
        const note = await this.importOne(zip, media, tweet, placed, progress)
        if (note) {
          progress.skipped++
          progress.message = note
          reasons.add(note)
        }
        progress.done++
        if (Date.now() - lastEmit >= PROGRESS_INTERVAL_MS) {
          lastEmit = Date.now()
          this.emit()
        }
      }
      await this.s.writer.settled()
      progress.state = 'done'
      progress.message = reasons.size > 0 ? [...reasons].join('; ') : null
    } catch (err) {
      progress.state = 'failed'
      progress.message = isRstatusError(err) ? err.message : 'The import stopped on an unexpected error; run it again to continue'
      // What was imported before the failure still reaches the views; a failure to wait for that is the
      // engine closing, which the message above already covers.
      await this.s.writer.settled().catch(() => {})
    }
    this.emit()
  }

  /** Imports one tweet; returns why it was skipped, or null when it was added. */
  private async importOne(zip: ZipArchive, media: Map<string, string>, tweet: ArchivedTweet, placed: Map<string, Placed>, progress: ImportProgress): Promise<string | null> {
    if (placed.has(tweet.id)) return 'tweets imported before were skipped'
    if (tweet.retweet) return 'retweets (other people’s words) were skipped'
    const attachments: ImageAttachment[] = []
    for (const photo of tweet.photos) {
      const name = media.get(photo.file)
      const bytes = name ? await zip.read(name, MAX_IMAGE_BYTES) : null
      if (!bytes) continue
      try {
        attachments.push(await this.s.media.addImage(bytes, photo.alt ?? undefined))
        progress.images++
      } catch (err) {
        if (!isRstatusError(err) || err.code !== 'INVALID_INPUT') throw err
        // an image we cannot read is left out; the words still come
      }
    }
    const text = tweet.text || (attachments.length > 0 ? PHOTO_ONLY_TEXT : '')
    if (!text) return 'tweets with nothing to show (only a video or a link to one) were skipped'
    const parent = tweet.replyToId ? placed.get(tweet.replyToId) : undefined
    let seq: number
    try {
      ;({ seq } = await this.s.writer.append({
        type: 'status',
        text,
        createdAt: tweet.createdAt,
        ...(parent ? { replyTo: parent.uri, root: parent.root } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
        source: SOURCE_PREFIX + tweet.id
      }))
    } catch (err) {
      // A tweet the feed format refuses (a control character in its text, say) is one skipped tweet.
      if (isRstatusError(err) && err.code === 'INVALID_INPUT') return 'tweets the feed format refuses were skipped'
      throw err
    }
    const uri = statusUri(this.s.own.key, seq)
    placed.set(tweet.id, { uri, root: parent?.root ?? uri })
    progress.added++
    return null
  }

  /** Tweets already in the own feed, from its own blocks (deleted ones too: they were imported once). */
  private async importedSoFar(): Promise<Map<string, Placed>> {
    const placed = new Map<string, Placed>()
    const feed = this.s.own.key
    for await (const { seq, record } of ownRecords(feed, this.s.own.core)) {
      if (record.type !== 'status' || !record.source?.startsWith(SOURCE_PREFIX)) continue
      const uri = statusUri(feed, seq)
      placed.set(record.source.slice(SOURCE_PREFIX.length), { uri, root: record.root ?? uri })
    }
    return placed
  }

  private emit(): void {
    if (this.current) this.s.publish('importProgress', { ...this.current })
  }
}

async function readTweets(zip: ZipArchive): Promise<ArchivedTweet[]> {
  const files = zip.names().filter(isTweetsFile).sort()
  if (files.length === 0) {
    throw new RstatusError('INVALID_INPUT', 'This zip is not a Twitter/X archive: it has no data/tweets.js')
  }
  const tweets: ArchivedTweet[] = []
  for (const name of files) {
    const bytes = await zip.read(name, MAX_TWEETS_FILE_BYTES)
    if (!bytes) throw new RstatusError('INVALID_INPUT', `The archive's ${name} is too large to read`)
    try {
      tweets.push(...parseTweetsFile(bytes.toString('utf8')))
    } catch (err) {
      throw new RstatusError('INVALID_INPUT', `The archive's ${name} cannot be read: ${(err as Error).message}`)
    }
  }
  const unique = new Map(tweets.map((t) => [t.id, t]))
  return oldestFirst([...unique.values()])
}

/** `<tweet id>-<media name>` to the file's path in the archive. */
function mediaIndex(zip: ZipArchive): Map<string, string> {
  const index = new Map<string, string>()
  for (const name of zip.names()) {
    const file = mediaFileName(name)
    if (file && !index.has(file)) index.set(file, name)
  }
  return index
}
