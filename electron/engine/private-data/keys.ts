// The keys of an identity's private store, all derived from a messaging seed (docs/PROTOCOL.md "Private
// data"), so every device holding the seed can find, open and read every device's private core, and nobody
// else can read or write one.
import Hypercore from 'hypercore'
import sodium from 'sodium-universal'
import { kdf } from '../messages/crypto.js'

const CONTEXT = 'rsprivat'

export interface CoreKeyPair {
  publicKey: Buffer
  secretKey: Buffer
}

export class PrivateKeys {
  /** Hypercore's block encryption key for every private core of this generation. */
  readonly encryptionKey: Buffer
  /** Where the identity's devices meet on the swarm (server and client). */
  readonly topic: Buffer
  private readonly coreSeedKey: Buffer

  constructor(
    seed: Uint8Array,
    readonly generation: number
  ) {
    this.encryptionKey = kdf(seed, 1, CONTEXT)
    this.topic = kdf(seed, 2, CONTEXT)
    this.coreSeedKey = kdf(seed, 3, CONTEXT)
  }

  /** The key pair of a device's private core: BLAKE2b-256 keyed by the core seed key, of device ‖ uint32le incarnation. */
  coreKeyPair(device: Uint8Array, incarnation: number): CoreKeyPair {
    const input = Buffer.alloc(36)
    Buffer.from(device).copy(input, 0)
    input.writeUInt32LE(incarnation, 32)
    const seed = Buffer.alloc(32)
    sodium.crypto_generichash(seed, input, this.coreSeedKey)
    const pair = { publicKey: Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES), secretKey: Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES) }
    sodium.crypto_sign_seed_keypair(pair.publicKey, pair.secretKey, seed)
    return pair
  }

  /** The core's key, as Hypercore makes it from the signer's public key (a version-1 manifest). */
  coreKey(device: Uint8Array, incarnation: number): Buffer {
    return Hypercore.key(this.coreKeyPair(device, incarnation).publicKey)
  }
}
