// Minimal declarations for the holepunch stack, which ships no TypeScript types.
// Only what rstatus calls is declared; widen as the code needs more.

declare module 'b4a' {
  const b4a: {
    from(input: string | Uint8Array | ArrayBuffer, encoding?: string): Buffer
    toString(buf: Uint8Array, encoding?: string): string
    equals(a: Uint8Array, b: Uint8Array): boolean
    isBuffer(value: unknown): value is Buffer
    alloc(size: number, fill?: number): Buffer
  }
  export = b4a
}

declare module 'hypercore-id-encoding' {
  const ids: {
    encode(key: Uint8Array): string
    decode(id: string | Uint8Array): Buffer
    normalize(id: string | Uint8Array): string
    isValid(id: unknown): boolean
  }
  export = ids
}

declare module 'fs-native-extensions' {
  const fsx: {
    /** An exclusive lock on [offset, offset + length) of the open file; false when another holds it. */
    tryLock(fd: number, offset?: number, length?: number, opts?: { shared?: boolean }): boolean
    unlock(fd: number, offset?: number, length?: number): void
  }
  export = fsx
}

declare module 'ready-resource' {
  import { EventEmitter } from 'node:events'
  class ReadyResource extends EventEmitter {
    opening: Promise<void>
    closing: Promise<void> | null
    opened: boolean
    closed: boolean
    ready(): Promise<void>
    close(): Promise<void>
    protected _open(): Promise<void>
    protected _close(): Promise<void>
  }
  export = ReadyResource
}

declare module 'hypercore' {
  import { EventEmitter } from 'node:events'
  namespace Hypercore {
    interface Peer {
      remotePublicKey: Buffer
      remoteLength: number
      remoteContiguousLength: number
      /** The connection the replication runs on (a Hyperswarm connection). */
      stream?: { remotePublicKey?: Buffer | null; rawStream?: { remoteHost?: string; remotePort?: number } | null }
    }
    interface Range {
      start?: number
      end?: number
      linear?: boolean
      blocks?: number[]
    }
    interface Download {
      done(): Promise<void>
      destroy(): void
    }
    interface GetOptions {
      wait?: boolean
      timeout?: number
      valueEncoding?: string
    }
    interface ReadStreamOptions {
      start?: number
      end?: number
      live?: boolean
      snapshot?: boolean
    }
  }
  class Hypercore extends EventEmitter {
    key: Buffer
    discoveryKey: Buffer
    id: string
    length: number
    contiguousLength: number
    contiguousByteLength: number
    byteLength: number
    fork: number
    writable: boolean
    readable: boolean
    opened: boolean
    closed: boolean
    peers: Hypercore.Peer[]
    ready(): Promise<void>
    close(): Promise<void>
    append(blocks: Buffer | Buffer[] | string | string[]): Promise<{ length: number; byteLength: number }>
    get(index: number, opts?: Hypercore.GetOptions): Promise<Buffer | null>
    has(start: number, end?: number): Promise<boolean>
    /** Deletes the core and its blocks from the store. */
    purge(): Promise<void>
    /** Frees blocks [start, end) on disk; they can be fetched again. */
    clear(start: number, end?: number): Promise<unknown>
    /** The block holding byte offset `bytes` of the feed, and the offset inside it. */
    seek(bytes: number, opts?: { wait?: boolean; timeout?: number }): Promise<[index: number, offset: number] | null>
    update(opts?: { wait?: boolean }): Promise<boolean>
    download(range?: Hypercore.Range): Hypercore.Download
    findingPeers(): () => void
    createReadStream(opts?: Hypercore.ReadStreamOptions): AsyncIterable<Buffer>
    setUserData(key: string, value: Buffer | string | null): Promise<void>
    getUserData(key: string): Promise<Buffer | null>
    replicate(isInitiator: boolean | unknown, opts?: unknown): NodeJS.ReadWriteStream & { destroy(err?: Error): void }
    static discoveryKey(key: Uint8Array): Buffer
    /** The core key of a signer's public key (a default, version-1 manifest). */
    static key(publicKey: Uint8Array): Buffer
  }
  export = Hypercore
}

declare module 'corestore' {
  import Hypercore from 'hypercore'
  import { EventEmitter } from 'node:events'
  class Corestore extends EventEmitter {
    constructor(storage: string, opts?: Record<string, unknown>)
    ready(): Promise<void>
    close(): Promise<void>
    get(opts: { name: string } | { key: Uint8Array; [k: string]: unknown } | Record<string, unknown>): Hypercore
    replicate(stream: unknown, opts?: unknown): NodeJS.ReadWriteStream & { destroy(err?: Error): void }
    namespace(name: string): Corestore
    findingPeers(): () => void
    closing: Promise<void> | null
    /** A key pair derived from the store's primary key: the same name gives the same pair across restarts. */
    createKeyPair(name: string): Promise<{ publicKey: Buffer; secretKey: Buffer }>
  }
  export = Corestore
}

declare module 'hyperdht' {
  import { EventEmitter } from 'node:events'
  namespace HyperDHT {
    interface Options {
      bootstrap?: string[] | Array<{ host: string; port: number }>
      host?: string
      port?: number
      firewalled?: boolean
      ephemeral?: boolean
      keyPair?: KeyPair
    }
    interface KeyPair {
      publicKey: Buffer
      secretKey: Buffer
    }
    interface Socket extends NodeJS.ReadWriteStream {
      remotePublicKey: Buffer
      publicKey: Buffer
      /** Resolves true once the connection is open, false if it failed. */
      opened: Promise<boolean>
      destroy(err?: Error): void
    }
    interface Server {
      listen(keyPair: KeyPair): Promise<void>
      close(): Promise<void>
    }
  }
  class HyperDHT extends EventEmitter {
    constructor(opts?: HyperDHT.Options)
    ready(): Promise<void>
    destroy(opts?: { force?: boolean }): Promise<void>
    address(): { host: string; port: number }
    bootstrapped: boolean
    destroyed: boolean
    /** Known once the DHT has seen itself from outside: behind a NAT that drops unsolicited packets. */
    firewalled: boolean
    /** Behind a NAT that maps each destination to a new port (a "hard" NAT): holepunching cannot work. */
    randomized: boolean
    host: string | null
    port: number
    defaultKeyPair: HyperDHT.KeyPair
    createRawStream(opts?: Record<string, unknown>): unknown
    createServer(onconnection: (socket: HyperDHT.Socket) => void): HyperDHT.Server
    connect(publicKey: Buffer | Uint8Array, opts?: Record<string, unknown>): HyperDHT.Socket
    static keyPair(seed?: Uint8Array): HyperDHT.KeyPair
    static bootstrapper(port: number, host: string, opts?: unknown): HyperDHT
  }
  export = HyperDHT
}

declare module 'hyperdht/testnet.js' {
  import HyperDHT from 'hyperdht'
  function createTestnet(
    size?: number,
    opts?: { host?: string; port?: number; teardown?: (fn: () => Promise<void>) => void }
  ): Promise<{ nodes: HyperDHT[]; bootstrap: Array<{ host: string; port: number }>; destroy(): Promise<void> }>
  export = createTestnet
}

declare module 'hyperswarm' {
  import { EventEmitter } from 'node:events'
  import HyperDHT from 'hyperdht'
  namespace Hyperswarm {
    interface PeerInfo {
      publicKey: Buffer
      topics: Buffer[]
      client: boolean
    }
    interface Discovery {
      flushed(): Promise<void>
      refresh(opts?: { client?: boolean; server?: boolean }): Promise<void>
      destroy(): Promise<void>
    }
    interface Connection extends NodeJS.ReadWriteStream {
      remotePublicKey: Buffer
      publicKey: Buffer
      /** The UDX stream under the encryption: where the packets go now (a relay's address when relayed). */
      rawStream?: { remoteHost?: string; remotePort?: number } | null
      destroy(err?: Error): void
      on(event: string, fn: (...args: any[]) => void): this
    }
  }
  class Hyperswarm extends EventEmitter {
    constructor(opts?: {
      dht?: HyperDHT
      keyPair?: HyperDHT.KeyPair
      maxPeers?: number
      bootstrap?: unknown
      firewalled?: boolean
      /** Relays to use when a direct connection fails (or at once when this peer's NAT is randomized). */
      relayThrough?: Buffer | Buffer[] | ((force: boolean, swarm: Hyperswarm) => Buffer | Buffer[] | null)
    })
    dht: HyperDHT
    keyPair: HyperDHT.KeyPair
    connections: Set<Hyperswarm.Connection>
    peers: Map<string, unknown>
    connecting: number
    destroyed: boolean
    join(topic: Uint8Array, opts?: { server?: boolean; client?: boolean }): Hyperswarm.Discovery
    leave(topic: Uint8Array): Promise<void>
    flush(): Promise<void>
    listen(): Promise<void>
    destroy(opts?: { force?: boolean }): Promise<void>
    on(event: 'connection', fn: (conn: Hyperswarm.Connection, info: Hyperswarm.PeerInfo) => void): this
    on(event: 'update', fn: () => void): this
    on(event: string, fn: (...args: any[]) => void): this
  }
  export = Hyperswarm
}

declare module 'rocksdb-native' {
  namespace RocksDB {
    interface Range {
      gt?: Buffer | string
      gte?: Buffer | string
      lt?: Buffer | string
      lte?: Buffer | string
      reverse?: boolean
      limit?: number
    }
    interface WriteBatch {
      put(key: Buffer | string, value: Buffer | string): Promise<void>
      tryPut(key: Buffer | string, value: Buffer | string): void
      delete(key: Buffer | string): Promise<void>
      tryDelete(key: Buffer | string): void
      tryDeleteRange(start: Buffer | string, end: Buffer | string): void
      flush(): Promise<void>
      destroy(): void
    }
    interface ReadBatch {
      get(key: Buffer | string): Promise<Buffer | null>
      flush(): Promise<void>
      tryFlush(): void
      destroy(): void
    }
  }
  class RocksDB {
    constructor(path: string, opts?: Record<string, unknown>)
    ready(): Promise<void>
    close(opts?: { force?: boolean }): Promise<void>
    get(key: Buffer | string): Promise<Buffer | null>
    put(key: Buffer | string, value: Buffer | string): Promise<void>
    delete(key: Buffer | string): Promise<void>
    read(opts?: Record<string, unknown>): RocksDB.ReadBatch
    write(opts?: Record<string, unknown>): RocksDB.WriteBatch
    iterator(range?: RocksDB.Range, opts?: Record<string, unknown>): AsyncIterable<{ key: Buffer; value: Buffer }>
    peek(range?: RocksDB.Range): Promise<{ key: Buffer; value: Buffer } | null>
    flush(): Promise<void>
    opened: boolean
    closed: boolean
  }
  export = RocksDB
}

declare module 'hyperblobs' {
  import Hypercore from 'hypercore'
  namespace Hyperblobs {
    interface BlobId {
      blockOffset: number
      blockLength: number
      byteOffset: number
      byteLength: number
    }
  }
  class Hyperblobs {
    constructor(core: Hypercore, opts?: { blockSize?: number })
    readonly core: Hypercore
    readonly key: Buffer
    readonly discoveryKey: Buffer
    ready(): Promise<void>
    close(): Promise<void>
    put(blob: Uint8Array): Promise<Hyperblobs.BlobId>
    get(id: Hyperblobs.BlobId, opts?: { wait?: boolean; timeout?: number }): Promise<Buffer | null>
  }
  export = Hyperblobs
}

declare module 'blind-pairing' {
  import Hyperswarm from 'hyperswarm'
  namespace BlindPairing {
    /** What a candidate is told once the member confirms: the key it was invited to. */
    interface Paired {
      key: Buffer
      encryptionKey: Buffer | null
      data: Buffer | null
    }
    /** A candidate's request as the member (inviter) sees it. */
    interface MemberRequest {
      inviteId: Buffer
      /** Verifies the request against the invite's public key; throws if it was not made with the invite. */
      open(invitePublicKey: Buffer): Buffer
      confirm(auth: { key: Buffer; encryptionKey?: Buffer }): void
      /** status 1: rejected, 2: invite used, 3: invite expired. */
      deny(opts?: { status?: number }): void
    }
    interface Member {
      flushed(): Promise<void>
      close(): Promise<void>
    }
    interface Candidate {
      /** Emits 'rejected' (an Error) when the member denies the request (code used, expired). */
      request: import('node:events').EventEmitter
      /** Resolves with the result once paired, or null when closed first. */
      pairing: Promise<Paired | null>
      paired: Paired | null
      close(): Promise<void>
    }
  }
  class BlindPairing {
    constructor(swarm: Hyperswarm, opts?: { poll?: number })
    static createInvite(key: Buffer, opts?: { expires?: number }): { id: Buffer; invite: Buffer; publicKey: Buffer; discoveryKey: Buffer }
    static decodeInvite(invite: Buffer): { discoveryKey: Buffer; seed: Buffer; expires: number }
    addMember(opts: { discoveryKey: Buffer; onadd: (request: BlindPairing.MemberRequest) => Promise<void> | void }): BlindPairing.Member
    addCandidate(opts: { invite: Buffer; userData: Buffer; onadd?: (result: BlindPairing.Paired) => Promise<void> | void }): BlindPairing.Candidate
    close(): Promise<void>
  }
  export = BlindPairing
}

declare module 'compact-encoding' {
  namespace c {
    interface State {
      start: number
      end: number
      buffer: Buffer | null
    }
    interface Encoding<T> {
      preencode(state: State, value: T): void
      encode(state: State, value: T): void
      decode(state: State): T
    }
  }
  const c: {
    uint: c.Encoding<number>
    bool: c.Encoding<boolean>
    none: c.Encoding<null>
    string: c.Encoding<string>
    buffer: c.Encoding<Buffer | null>
    fixed16: c.Encoding<Buffer>
    fixed24: c.Encoding<Buffer>
    fixed32: c.Encoding<Buffer>
    fixed64: c.Encoding<Buffer>
    array<T>(encoding: c.Encoding<T>): c.Encoding<T[]>
    state(start?: number, end?: number, buffer?: Uint8Array | null): c.State
    encode<T>(encoding: c.Encoding<T>, value: T): Buffer
    decode<T>(encoding: c.Encoding<T>, buffer: Uint8Array): T
  }
  export = c
}

declare module 'protomux' {
  import type c from 'compact-encoding'
  namespace Protomux {
    interface Message<T> {
      send(value: T): boolean
    }
    interface Channel {
      messages: Array<Message<any>>
      open(handshake?: unknown): void
      close(): void
      closed: boolean
    }
    interface MessageSpec<T> {
      encoding: c.Encoding<T>
      onmessage(value: T): void
    }
  }
  class Protomux {
    static from(stream: unknown): Protomux
    static isProtomux(value: unknown): value is Protomux
    createChannel(opts: {
      protocol: string
      id?: Buffer | null
      unique?: boolean
      messages: Array<Protomux.MessageSpec<any>>
      onopen?: () => void
      onclose?: () => void
    }): Protomux.Channel | null
    /** Calls `notify` when the remote side opens a channel of this protocol and id that this side has not. */
    pair(opts: { protocol: string; id?: Buffer | null }, notify: (id: Buffer | null) => void): void
    unpair(opts: { protocol: string; id?: Buffer | null }): void
  }
  export = Protomux
}

declare module 'z32' {
  const z32: {
    encode(bytes: Uint8Array): string
    decode(text: string): Buffer
  }
  export = z32
}

declare module 'blind-relay' {
  import { EventEmitter } from 'node:events'
  namespace BlindRelay {
    class Server extends EventEmitter {
      constructor(opts: { createStream(opts: unknown): unknown })
      accept(stream: unknown, opts?: { id?: Buffer }): EventEmitter
      close(): Promise<void>
      stats: { pairings: number; streams: number }
    }
  }
  const BlindRelay: { Server: typeof BlindRelay.Server }
  export = BlindRelay
}

declare module 'protomux-wakeup' {
  class Wakeup {
    constructor(onwakeup?: (...args: unknown[]) => void, opts?: Record<string, unknown>)
    destroy(): void
  }
  export = Wakeup
}

declare module 'blind-peering' {
  import type Corestore from 'corestore'
  import type Hypercore from 'hypercore'
  import type HyperDHT from 'hyperdht'
  class BlindPeering {
    constructor(dht: HyperDHT, store: Corestore, opts: { keys: Array<Buffer | string>; wakeup?: unknown; pick?: number })
    /** One entry per mirror, by hex key; `connected` while its socket is open. */
    blindPeers: Map<string, { connected: boolean; socket: HyperDHT.Socket | null }>
    addCore(core: Hypercore, opts?: { announce?: boolean; priority?: number }): Promise<void>
    addCoreBackground(core: Hypercore, opts?: { announce?: boolean; priority?: number }): void
    close(): Promise<void>
  }
  export = BlindPeering
}

declare module 'blind-peer' {
  import type Hyperswarm from 'hyperswarm'
  import { EventEmitter } from 'node:events'
  class BlindPeer extends EventEmitter {
    constructor(rocks: string, opts: { swarm: Hyperswarm; trustedPubKeys?: Array<Buffer | string>; maxBytes?: number })
    ready(): Promise<void>
    listen(): Promise<void>
    close(): Promise<void>
    readonly publicKey: Buffer
    readonly digest: { cores: number; bytesAllocated: number }
  }
  export = BlindPeer
}

declare module 'protomux-rpc' {
  class ProtomuxRPC {
    constructor(stream: unknown, opts: { id?: Buffer; valueEncoding?: unknown })
    request(method: string, value: unknown, opts?: { requestEncoding?: unknown; responseEncoding?: unknown; timeout?: number }): Promise<unknown>
    destroy(): void
  }
  export = ProtomuxRPC
}

declare module 'blind-peer-encodings' {
  export const DeleteCoreEncoding: { requestEncoding: unknown; responseEncoding: unknown }
}
