// Pairing a new device with a one-time code, over the peer's own Hyperswarm, with blind-pairing (the pairing
// protocol of Keet and Autopass). The first device makes an invite for the identity feed; the code is the
// invite (a fresh 32-byte seed and the identity feed's discovery key) in z-base-32. The new device proves it
// holds the code by signing its request (its own feed key) with the invite's key pair; the first device then
// links that feed and answers with the identity key, encrypted to the request. The new device checks that the
// key matches the invite. docs/PROTOCOL.md "Pairing" says more.
import BlindPairing from 'blind-pairing'
import type Hyperswarm from 'hyperswarm'
import ids from 'hypercore-id-encoding'
import z32 from 'z32'
import { RstatusError } from '../../../shared/errors.js'
import type { FeedKey } from '../../../shared/keys.js'

/** blind-pairing's DHT fallback polls this often; the direct path over a connection needs no poll. */
const POLL_MS = 5_000
/** An invite stays answerable this long after a device used it, so a repeated ask gets the same answer. */
const LINGER_MS = 5_000
const CODE = /^[ybndrfg8ejkmcpqxot1uwisza345h769]{80,200}$/
const DENY_USED = 2

export interface Invite {
  code: string
  expiresAt: number
  /** Resolves with the new device's feed key, or null when the invite expired or was cancelled. */
  joined: Promise<FeedKey | null>
  cancel(): Promise<void>
}

interface OpenInvite {
  publicKey: Buffer
  expiresAt: number
  device: FeedKey | null
  closed: boolean
  onDevice: (device: FeedKey) => Promise<void>
  /** What the answer carries besides the identity key: the messaging seed. */
  secret: () => Buffer | null
  settle: (device: FeedKey | null) => void
}

export class DevicePairing {
  private blind: BlindPairing | null = null
  /** blind-pairing has one member per identity; it answers for every open invite of that identity. */
  private member: { identity: FeedKey; member: BlindPairing.Member } | null = null
  private readonly invites = new Map<string, OpenInvite>()
  private readonly candidates = new Set<BlindPairing.Candidate>()

  constructor(private readonly swarm: () => Hyperswarm | null) {}

  /**
   * Opens a one-time invite to `identity`. When a device with the code asks, `onDevice` links it (it must
   * write the device record before resolving); the first device to do so is the only one: the code is spent.
   */
  invite(identity: FeedKey, opts: { timeoutMs: number; onDevice: (device: FeedKey) => Promise<void>; secret?: () => Buffer | null }): Invite {
    const key = ids.decode(identity)
    const { id, invite, publicKey, discoveryKey } = BlindPairing.createInvite(key)
    const inviteId = id.toString('hex')
    let settle: (device: FeedKey | null) => void = () => {}
    const joined = new Promise<FeedKey | null>((resolve) => (settle = resolve))
    const open: OpenInvite = { publicKey, expiresAt: Date.now() + opts.timeoutMs, device: null, closed: false, onDevice: opts.onDevice, secret: opts.secret ?? (() => null), settle }
    this.invites.set(inviteId, open)
    if (!this.member) {
      const member = this.pairing().addMember({ discoveryKey, onadd: (request) => this.onRequest(key, request) })
      this.member = { identity, member }
    }
    const timer = setTimeout(() => void cancel(), opts.timeoutMs)
    timer.unref()
    const cancel = async () => {
      clearTimeout(timer)
      if (open.closed) return
      open.closed = true
      this.invites.delete(inviteId)
      open.settle(open.device)
      if (this.invites.size === 0 && this.member) {
        const { member } = this.member
        this.member = null
        // closing what pairing opened fails only when it closed itself already
        await member.close().catch(() => {})
      }
    }
    open.settle = (device) => {
      settle(device)
      if (device !== null) setTimeout(() => void cancel(), LINGER_MS).unref()
    }
    return { code: z32.encode(invite), expiresAt: open.expiresAt, joined, cancel }
  }

  private async onRequest(identityKey: Buffer, request: BlindPairing.MemberRequest): Promise<void> {
    const open = this.invites.get(request.inviteId.toString('hex'))
    if (!open) return // not one of our open invites: no answer at all
    let device: FeedKey
    try {
      device = ids.encode(request.open(open.publicKey))
    } catch {
      return // not made with this code
    }
    if (open.closed || Date.now() > open.expiresAt || (open.device !== null && open.device !== device)) {
      request.deny({ status: DENY_USED })
      return
    }
    if (open.device === null) {
      open.device = device
      try {
        await open.onDevice(device)
      } catch (err) {
        open.device = null
        throw err
      }
    }
    // The same device asking again (it missed the first answer) is answered again.
    // The answer is encrypted to the code's holder: it carries the messaging seed (PROTOCOL.md "Devices and the messaging key").
    const secret = open.secret()
    request.confirm({ key: identityKey, ...(secret ? { encryptionKey: secret } : {}) })
    open.settle(device)
  }

  /** Asks with `code` to join as `device`; resolves with the identity key the inviter confirmed, and its secret if any. */
  async join(code: string, device: FeedKey, opts: { timeoutMs: number }): Promise<{ identity: FeedKey; secret: Buffer | null }> {
    const invite = decodeCode(code)
    const candidate = this.pairing().addCandidate({ invite, userData: ids.decode(device) })
    this.candidates.add(candidate)
    let timer: NodeJS.Timeout | undefined
    try {
      const paired = await Promise.race([
        candidate.pairing,
        new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), opts.timeoutMs))),
        new Promise<never>((_, reject) =>
          candidate.request.once('rejected', () =>
            reject(new RstatusError('NOT_ALLOWED', 'The inviting device refused this code: it was already used, or it expired; ask for a new one'))
          )
        )
      ])
      if (!paired) {
        throw new RstatusError(
          'TIMEOUT',
          `No device accepted the code within ${Math.round(opts.timeoutMs / 1000)} seconds: check that the code is whole and current, and that the inviting device is online and still waiting`
        )
      }
      const secret = (paired as { encryptionKey?: unknown }).encryptionKey
      return { identity: ids.encode(paired.key), secret: Buffer.isBuffer(secret) && secret.length === 32 ? secret : null }
    } finally {
      clearTimeout(timer)
      this.candidates.delete(candidate)
      // closing what pairing opened fails only when it closed itself already
      await candidate.close().catch(() => {})
    }
  }

  async close(): Promise<void> {
    for (const open of this.invites.values()) {
      open.closed = true
      open.settle(open.device)
    }
    this.invites.clear()
    // Closing what pairing opened fails only when it closed itself already.
    await this.member?.member.close().catch(() => {})
    this.member = null
    await Promise.all([...this.candidates].map((c) => c.close().catch(() => {})))
    this.candidates.clear()
    await this.blind?.close().catch(() => {})
    this.blind = null
  }

  private pairing(): BlindPairing {
    const swarm = this.swarm()
    if (!swarm) throw new RstatusError('CLOSED', 'Pairing needs the network, and this peer is offline')
    if (!this.blind) this.blind = new BlindPairing(swarm, { poll: POLL_MS })
    return this.blind
  }
}

/** The invite bytes of a code; one clear line for a code that was mistyped or cut short. */
export function decodeCode(code: string): Buffer {
  const text = code.trim().toLowerCase()
  const bad = () => new RstatusError('INVALID_INPUT', 'That is not a device code: copy the whole code that rstatus device invite printed')
  if (!CODE.test(text)) throw bad()
  try {
    const bytes = z32.decode(text)
    BlindPairing.decodeInvite(bytes)
    return bytes
  } catch {
    throw bad()
  }
}
