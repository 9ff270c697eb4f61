// The key layout of the views database. Every key is UTF-8 text made of parts joined by NUL, so a range scan
// over a prefix ending in NUL matches exactly one index, and numbers are fixed-width hex, so byte order is
// numeric order. README.md in this folder lists what each index holds.
import { parseStatusUri, type FeedKey } from '../../../shared/keys.js'

export const SEP = '\u0000'

/** A status (or any block) as a key part: `<feed>\0<seq hex>`. */
export type BlockId = string

/** Fixed-width lowercase hex for a safe integer (2^53 has 14 hex digits). */
export function num(n: number): string {
  return n.toString(16).padStart(14, '0')
}

export function parseNum(text: string | undefined): number {
  if (text === undefined || !/^[0-9a-f]{14}$/.test(text)) throw new Error('bad number in view key')
  return parseInt(text, 16)
}

export function blockId(feed: FeedKey, seq: number): BlockId {
  return feed + SEP + num(seq)
}

export function splitBlockId(id: BlockId): { feed: FeedKey; seq: number } {
  const [feed, seq] = id.split(SEP)
  return { feed: feed ?? '', seq: parseNum(seq) }
}

/** The id of a status link that the decoder has already validated. */
export function idOfUri(uri: string): BlockId {
  const { key, seq } = parseStatusUri(uri)
  return blockId(key, seq)
}

function key(...parts: string[]): string {
  return parts.join(SEP)
}

/** The last three parts of an ordered index key: `<sort hex>\0<feed>\0<seq hex>`. */
export type OrderedTail = string & { readonly orderedTail: unique symbol }

export function orderedTail(o: number, f: FeedKey, s: number): OrderedTail {
  return (num(o) + SEP + f + SEP + num(s)) as OrderedTail
}

/** The prefix of an index: its name and leading parts, ending with the separator. */
export function prefix(...parts: string[]): string {
  return parts.join(SEP) + SEP
}

// Keys, grouped by concern. `F` a feed, `S` a seq, `T` a target block id, `O` the sort time (sortAt).
export const K = {
  // progress and bookkeeping
  indexedLength: (f: FeedKey) => key('len', f),
  invalid: (f: FeedKey) => key('inv', f),
  /** One marker per block ever indexed; its value is the block's kind (see BlockKind). */
  block: (f: FeedKey, s: number) => key('blk', f, num(s)),
  known: (f: FeedKey) => key('known', f),
  /** Set when a feed's header names a format version newer than ours: its other blocks are not applied. */
  newerVersion: (f: FeedKey) => key('newer', f),
  tomb: (f: FeedKey, s: number) => key('del', f, num(s)),
  meta: (name: string) => key('meta', name),

  // statuses and reposts, live ones only
  status: (f: FeedKey, s: number) => key('st', f, num(s)),
  repost: (f: FeedKey, s: number) => key('rp', f, num(s)),
  statusCount: (f: FeedKey) => key('sc', f),

  // ordered indexes
  profileStatus: (f: FeedKey, s: number) => key('pst', f, num(s)),
  authoredRepost: (f: FeedKey, s: number) => key('prp', f, num(s)),
  home: (o: number, f: FeedKey, s: number) => key('home', orderedTail(o, f, s)),
  thread: (root: BlockId, o: number, f: FeedKey, s: number) => key('thr', root, orderedTail(o, f, s)),
  mention: (o: number, f: FeedKey, s: number) => key('men', orderedTail(o, f, s)),
  tag: (tag: string, o: number, f: FeedKey, s: number) => key('tag', tag, orderedTail(o, f, s)),
  /** K.tag with the tail built once. The search words' keys are in search-index.ts. */
  tagAt: (tag: string, tail: OrderedTail) => key('tag', tag, tail),

  // what others did to a status
  counts: (t: BlockId) => key('cnt', t),
  /** The latest like or unlike (by seq) of one liker feed: JSON LatestState. */
  like: (t: BlockId, liker: FeedKey) => key('like', t, liker),
  /** Set while an author (an identity with its devices) likes T: what the count counts, one per author. */
  authorLike: (t: BlockId, author: FeedKey) => key('alike', t, author),
  /** T has a like state of feed F (so a device link can move F's likes to its identity). */
  feedLike: (f: FeedKey, t: BlockId) => key('flike', f, t),
  reposters: (t: BlockId, reposter: FeedKey) => key('rby', t, reposter),
  repostOf: (t: BlockId, f: FeedKey, s: number) => key('rof', t, f, num(s)),
  pendingReposts: (t: BlockId) => key('pend', t),
  /** A reply to T whose `root` differs from T: its claimed root, so it can join that thread once T has. */
  child: (t: BlockId, f: FeedKey, s: number) => key('kid', t, f, num(s)),
  /** T has entries under `kid` (read in each batch, so a status without children costs no scan). */
  hasChild: (t: BlockId) => key('kids', t),
  /** Reply F/S is in the thread of the root (a BlockId) it names: its chain of parents leads there. */
  joined: (f: FeedKey, s: number) => key('join', f, num(s)),
  /** A reply to a block T of mine that is not held yet: it notifies once T turns out to be a status. */
  awaitReply: (t: BlockId, f: FeedKey, s: number) => key('wrep', t, f, num(s)),
  /** A like or reply of my block T came before T (read with each batch, so my statuses cost no scan). */
  awaited: (t: BlockId) => key('wait', t),

  // what an author did to their own status, and what others' polls and quotes did to it (post-records.ts)
  /** Edit S of T (in T's feed): JSON StoredVersion. Every edit is kept; the history dialog lists them. */
  edit: (t: BlockId, s: number) => key('edv', t, num(s)),
  /** The latest edit of T (the highest seq): JSON StoredVersion & {seq}; one read per status on a page. */
  latestEdit: (t: BlockId) => key('edl', t),
  /** Vote F/S in the poll of T: JSON {choice, at}. Tallied when the poll is read. */
  vote: (t: BlockId, f: FeedKey, s: number) => key('vt', t, f, num(s)),
  /** Pin or unpin S of F's status T: JSON {on}. The highest seq per status wins when the profile is read. */
  pin: (f: FeedKey, t: BlockId, s: number) => key('pin', f, t, num(s)),
  /** Live status F/S quotes T. */
  quote: (t: BlockId, f: FeedKey, s: number) => key('qt', t, f, num(s)),

  // people
  profile: (f: FeedKey) => key('prof', f),
  name: (lowerName: string, f: FeedKey) => key('name', lowerName, f),
  followState: (a: FeedKey, b: FeedKey) => key('fol', a, b),
  following: (a: FeedKey, b: FeedKey) => key('fo', a, b),
  follower: (b: FeedKey, a: FeedKey) => key('fi', b, a),

  // devices (PROTOCOL.md "Devices"; links.ts)
  /** F's block 1 names identity A: F claims to write for A. */
  claim: (f: FeedKey) => key('dclaim', f),
  /** A lists F as a device: JSON {seq}. */
  listed: (a: FeedKey, f: FeedKey) => key('dlist', a, f),
  /** A removed F: the lowest `after` of A's removals of F. */
  removed: (f: FeedKey, a: FeedKey) => key('drem', f, a),
  /** F is a linked device (both sides hold): its author is A. */
  author: (f: FeedKey) => key('author', f),
  /** The linked devices of A. */
  member: (a: FeedKey, f: FeedKey) => key('mem', a, f),
  /** The latest profile record of one feed (JSON StoredProfile); `prof` is the merged one of an author. */
  feedProfile: (f: FeedKey) => key('fprof', f),
  /** An author's statuses across their devices, by sortAt. */
  authorStatus: (a: FeedKey, o: number, f: FeedKey, s: number) => key('au', a, num(o), f, num(s)),

  // statuses that reply to or mention me: notifications when I follow their author, else requests
  toMe: (f: FeedKey, s: number) => key('tome', f, num(s)),
  request: (o: number, f: FeedKey, s: number) => key('req', num(o), f, num(s)),

  // notifications
  notification: (o: number, id: string) => key('ntf', num(o), id),
  notificationId: (id: string) => key('nid', id),
  notificationSubject: (mySeq: number, id: string) => key('nsub', num(mySeq), id)
}

export const P = {
  home: () => prefix('home'),
  mentions: () => prefix('men'),
  notifications: () => prefix('ntf'),
  profileStatuses: (f: FeedKey) => prefix('pst', f),
  authoredReposts: (f: FeedKey) => prefix('prp', f),
  thread: (root: BlockId) => prefix('thr', root),
  tag: (tag: string) => prefix('tag', tag),
  repostsOf: (t: BlockId) => prefix('rof', t),
  likesOf: (t: BlockId) => prefix('like', t),
  children: (t: BlockId) => prefix('kid', t),
  awaitReply: (t: BlockId) => prefix('wrep', t),
  blocks: (f: FeedKey) => prefix('blk', f),
  following: (a: FeedKey) => prefix('fo', a),
  followers: (b: FeedKey) => prefix('fi', b),
  notificationSubject: (mySeq: number) => prefix('nsub', num(mySeq)),
  listed: (a: FeedKey) => prefix('dlist', a),
  allListed: () => prefix('dlist'),
  removedBy: (f: FeedKey) => prefix('drem', f),
  members: (a: FeedKey) => prefix('mem', a),
  authorStatuses: (a: FeedKey) => prefix('au', a),
  followStates: (f: FeedKey) => prefix('fol', f),
  feedLikes: (f: FeedKey) => prefix('flike', f),
  toMe: (f: FeedKey) => prefix('tome', f),
  requests: () => prefix('req'),
  edits: (t: BlockId) => prefix('edv', t),
  votes: (t: BlockId) => prefix('vt', t),
  pins: (f: FeedKey) => prefix('pin', f),
  quotes: (t: BlockId) => prefix('qt', t),
  /** Every feed whose profile has this (folded) name. */
  named: (lowerName: string) => prefix('name', lowerName),
  /** Not NUL-terminated: a prefix of a name or of a key. */
  namesStartingWith: (lowerPrefix: string) => 'name' + SEP + lowerPrefix,
  keysStartingWith: (keyPrefix: string) => 'known' + SEP + keyPrefix
}

/** The last parts of an ordered index key `...\0<sort>\0<feed>\0<seq>`. */
export function tailRef(k: string): { sortAt: number; feed: FeedKey; seq: number } {
  const parts = k.split(SEP)
  const n = parts.length
  return { sortAt: parseNum(parts[n - 3]), feed: parts[n - 2] ?? '', seq: parseNum(parts[n - 1]) }
}

/** The part after the prefix, for keys whose last part is a feed or an id. */
export function lastPart(k: string): string {
  const i = k.lastIndexOf(SEP)
  return k.slice(i + 1)
}

/** One letter per block kind, stored in the block marker; removeFeed uses it to undo a feed's blocks. */
export const BlockKind = {
  header: 'h',
  status: 's',
  repost: 'r',
  like: 'l',
  unlike: 'u',
  profile: 'p',
  follow: 'f',
  unfollow: 'x',
  delete: 'd',
  device: 'v',
  deviceRemove: 'w',
  identity: 'y',
  edit: 'e',
  vote: 'o',
  pin: 'n',
  /** A block of a removed device at or after its cut-off: ignored (PROTOCOL.md "Devices"). */
  cut: 'c',
  /** A status or repost already tombstoned when it arrived; its detail is `s` or `r`, which it was. */
  deleted: 'z',
  invalid: 'i',
  unknown: '?'
} as const

/** Name keys compare case-insensitively. */
export function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase()
}

/** The feed and seq at the end of a key `...\0<feed>\0<seq hex>`. */
export function tailOf(key: string): { feed: FeedKey; seq: number } {
  const parts = key.split(SEP)
  return { feed: parts[parts.length - 2] ?? '', seq: parseNum(parts[parts.length - 1]) }
}
