// The cryptography of private conversations (docs/PROTOCOL.md "Messages"), every primitive from libsodium
// through sodium-universal: key derivation (crypto_kdf, BLAKE2b), sealed boxes (X25519 + XSalsa20-Poly1305),
// XChaCha20-Poly1305 for records and images, Ed25519 for bindings. Nothing here invents a construction; it
// names libsodium's with the labels the protocol fixes. Opening and verifying never throw on hostile input:
// they answer null or false. Buffers come from Buffer.alloc, never sodium_malloc (it crashes Electron).
import sodium from 'sodium-universal'

export const KEY_BYTES = 32
export const ID_BYTES = 16
export const NONCE_BYTES = 24
export const SEAL_BYTES = 48
export const AEAD_BYTES = 16
export const SIGNATURE_BYTES = 64

export interface KeyPair {
  publicKey: Buffer
  secretKey: Buffer
}

/** An identity's messaging keys of one generation: Ed25519 to sign bindings, X25519 to receive sealed keys. */
export interface IdentityKeys {
  generation: number
  seed: Buffer
  sign: KeyPair
  box: KeyPair
}

export function randomBytes(n: number): Buffer {
  const out = Buffer.alloc(n)
  sodium.randombytes_buf(out)
  return out
}

/** libsodium's crypto_kdf_derive_from_key: a 32-byte subkey `id` of `key` in the 8-character context `ctx`. */
export function kdf(key: Uint8Array, id: number, ctx: string): Buffer {
  const context = Buffer.from(ctx, 'ascii')
  if (context.length !== sodium.crypto_kdf_CONTEXTBYTES) throw new Error(`A KDF context is 8 ASCII characters: ${ctx}`)
  const out = Buffer.alloc(KEY_BYTES)
  sodium.crypto_kdf_derive_from_key(out, id, context, key)
  return out
}

/** BLAKE2b of the ASCII label followed by the data, `bytes` long: ids, never secrets. */
export function labelledHash(label: string, data: Uint8Array, bytes: number): Buffer {
  const out = Buffer.alloc(bytes)
  sodium.crypto_generichash_batch(out, [Buffer.from(label, 'ascii'), data])
  return out
}

export function identityKeys(seed: Uint8Array, generation: number): IdentityKeys {
  const sign = { publicKey: Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES), secretKey: Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES) }
  const box = { publicKey: Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES), secretKey: Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES) }
  sodium.crypto_sign_seed_keypair(sign.publicKey, sign.secretKey, kdf(seed, 1, 'rsdm-idn'))
  sodium.crypto_box_seed_keypair(box.publicKey, box.secretKey, kdf(seed, 2, 'rsdm-idn'))
  return { generation, seed: Buffer.from(seed), sign, box }
}

/**
 * The seed of generation 0 of an identity that rstatus made: derived from the first device's Corestore primary
 * key, so the identity backup (which is that key) already carries it.
 */
export function firstIdentitySeed(primaryKey: Uint8Array): Buffer {
  return kdf(primaryKey, 1, 'rsdm-dev')
}

/** A device's own box key pair, from its Corestore primary key: linked devices hand keys over to it. */
export function deviceBoxKeyPair(primaryKey: Uint8Array): KeyPair {
  const pair = { publicKey: Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES), secretKey: Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES) }
  sodium.crypto_box_seed_keypair(pair.publicKey, pair.secretKey, kdf(primaryKey, 2, 'rsdm-dev'))
  return pair
}

/** The Hyperswarm topic of a conversation: only those who hold its secret can compute it. */
export function conversationTopic(secret: Uint8Array): Buffer {
  return kdf(secret, 1, 'rsdm-cnv')
}

/** The key given to Hypercore's own block encryption for every core of a conversation. */
export function coreEncryptionKey(secret: Uint8Array): Buffer {
  return kdf(secret, 2, 'rsdm-cnv')
}

/** A conversation is named after its creator's core, so nobody can give another conversation the same id. */
export function conversationIdOf(creatorCore: Uint8Array): Buffer {
  return labelledHash('rstatus/dm/conversation', creatorCore, ID_BYTES)
}

export function keyIdOf(key: Uint8Array): Buffer {
  return labelledHash('rstatus/dm/key-id', key, ID_BYTES)
}

/** An anonymous sealed box (crypto_box_seal) to an X25519 public key. */
export function seal(message: Uint8Array, publicKey: Uint8Array): Buffer {
  const out = Buffer.alloc(message.length + SEAL_BYTES)
  sodium.crypto_box_seal(out, message, publicKey)
  return out
}

/** The sealed message, or null when it was not sealed to this pair or was altered. */
export function openSealed(sealed: Uint8Array, pair: KeyPair): Buffer | null {
  if (sealed.length < SEAL_BYTES) return null
  const out = Buffer.alloc(sealed.length - SEAL_BYTES)
  return sodium.crypto_box_seal_open(out, sealed, pair.publicKey, pair.secretKey) ? out : null
}

/** XChaCha20-Poly1305 under `key`, with a fresh random 24-byte nonce. */
export function encrypt(plain: Uint8Array, key: Uint8Array, ad: Uint8Array): { nonce: Buffer; ciphertext: Buffer } {
  const nonce = randomBytes(NONCE_BYTES)
  return { nonce, ciphertext: encryptWithNonce(plain, key, ad, nonce) }
}

export function encryptWithNonce(plain: Uint8Array, key: Uint8Array, ad: Uint8Array, nonce: Uint8Array): Buffer {
  const out = Buffer.alloc(plain.length + AEAD_BYTES)
  sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(out, plain, ad, null, nonce, key)
  return out
}

/** The plaintext, or null when the ciphertext does not verify (wrong key, altered, or moved elsewhere). */
export function decrypt(ciphertext: Uint8Array, key: Uint8Array, ad: Uint8Array, nonce: Uint8Array): Buffer | null {
  if (ciphertext.length < AEAD_BYTES || nonce.length !== NONCE_BYTES || key.length !== KEY_BYTES) return null
  const out = Buffer.alloc(ciphertext.length - AEAD_BYTES)
  try {
    sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(out, null, ciphertext, ad, nonce, key)
    return out
  } catch {
    return null
  }
}

export function sign(message: Uint8Array, secretKey: Uint8Array): Buffer {
  const out = Buffer.alloc(SIGNATURE_BYTES)
  sodium.crypto_sign_detached(out, message, secretKey)
  return out
}

export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== sodium.crypto_sign_PUBLICKEYBYTES) return false
  return sodium.crypto_sign_verify_detached(signature, message, publicKey)
}

/** Whether two buffers hold the same bytes (for public values; secrets are compared by AEAD, not here). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0
}

/** A core's discovery key, as Hypercore makes it (BLAKE2b-256 of "hypercore" keyed by the core's key): what a mirror announces. */
export function coreDiscoveryKey(key: Buffer): Buffer {
  const out = Buffer.alloc(32)
  sodium.crypto_generichash(out, Buffer.from('hypercore'), key)
  return out
}
