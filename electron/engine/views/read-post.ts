// What a page of statuses needs from other blocks: the statuses they quote, and the votes in their polls.
// One read batch for all the quotes of a page, and one range scan per poll on it (a poll's votes).
import type { StatusView } from '../../../shared/api/shapes.js'
import { parseStatusUri, type FeedKey } from '../../../shared/keys.js'
import { K, P, blockId, tailOf } from './layout.js'
import type { StoredVote } from './post-records.js'
import { parseJson, readMany, scanAll } from './store.js'
import type { StoredProfile, StoredStatus, StoredVersion } from './values.js'
import type RocksDB from 'rocksdb-native'

export async function addQuotesAndPolls(db: RocksDB, who: { me: FeedKey; meId: FeedKey }, views: Array<StatusView | null>): Promise<void> {
  const quoting = views.filter((v): v is StatusView => v?.quote !== undefined)
  const polls = views.filter((v): v is StatusView => v?.poll !== undefined)
  await Promise.all([quoting.length > 0 ? addQuotes(db, quoting) : null, ...polls.map((v) => tally(db, who, v))])
}

async function addQuotes(db: RocksDB, views: StatusView[]): Promise<void> {
  const targets = views.map((v) => parseStatusUri(v.quote!.uri))
  const keys = targets.flatMap((t) => [K.status(t.key, t.seq), K.tomb(t.key, t.seq), K.latestEdit(blockId(t.key, t.seq)), K.author(t.key)])
  const values = await readMany(db, keys)
  const authors = targets.map((t, i) => values[i * 4 + 3] ?? t.key)
  const profiles = await readMany(db, authors.map((a) => K.profile(a)))
  views.forEach((v, i) => {
    const uri = v.quote!.uri
    const st = parseJson<StoredStatus>(values[i * 4]!)
    const edit = parseJson<StoredVersion>(values[i * 4 + 2]!)
    const quotable = parseJson<StoredProfile>(profiles[i]!)?.quotable !== false
    if (values[i * 4 + 1] !== null) v.quote = { uri, state: 'deleted' }
    // A person's switch turns others' quotes into plain links; quoting oneself is always allowed.
    else if (!quotable && authors[i] !== v.author.key) v.quote = { uri, state: 'not-allowed' }
    else if (!st) v.quote = { uri, state: 'unavailable' }
    else v.quote = { uri, author: authors[i]!, text: (edit ?? st).text }
  })
}

/**
 * Counts one poll: per voter (an identity with its devices votes once), the vote with the latest createdAt
 * at or before the poll's end wins (ties: the greater feed key, then seq); a choice the poll lacks counts
 * for nothing.
 */
async function tally(db: RocksDB, who: { me: FeedKey; meId: FeedKey }, v: StatusView): Promise<void> {
  const poll = v.poll!
  const votes = (await scanAll(db, P.votes(blockId(v.feed, v.seq)))).map(({ key, value }) => ({ ...tailOf(key), vote: JSON.parse(value) as StoredVote }))
  if (votes.length === 0) return
  const feeds = [...new Set(votes.map((x) => x.feed))]
  const linked = await readMany(db, feeds.map((f) => K.author(f)))
  const authorOf = new Map(feeds.map((f, i) => [f, linked[i] ?? f]))
  const winners = new Map<FeedKey, (typeof votes)[number]>()
  for (const x of votes) {
    if (x.vote.at > poll.endsAt) continue
    const author = authorOf.get(x.feed)!
    const cur = winners.get(author)
    if (!cur || x.vote.at > cur.vote.at || (x.vote.at === cur.vote.at && (x.feed > cur.feed || (x.feed === cur.feed && x.seq > cur.seq)))) {
      winners.set(author, x)
    }
  }
  let voters = 0
  let mine: number | null = null
  for (const [author, x] of winners) {
    const choice = poll.choices[x.vote.choice - 1]
    if (!choice) continue
    choice.votes++
    voters++
    if (author === who.me || author === who.meId) mine = x.vote.choice
  }
  poll.voters = voters
  poll.mine = mine
}
