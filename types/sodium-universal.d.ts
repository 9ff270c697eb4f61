// Declarations for the part of sodium-universal (libsodium) that rstatus calls. Every function writes into
// buffers the caller allocates, as libsodium does; sizes are the libsodium constants below.

declare module 'sodium-universal' {
  const sodium: {
    crypto_box_PUBLICKEYBYTES: number
    crypto_box_SECRETKEYBYTES: number
    crypto_box_SEEDBYTES: number
    crypto_box_SEALBYTES: number
    crypto_sign_PUBLICKEYBYTES: number
    crypto_sign_SECRETKEYBYTES: number
    crypto_sign_SEEDBYTES: number
    crypto_sign_BYTES: number
    crypto_kdf_KEYBYTES: number
    crypto_kdf_CONTEXTBYTES: number
    crypto_aead_xchacha20poly1305_ietf_KEYBYTES: number
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: number
    crypto_aead_xchacha20poly1305_ietf_ABYTES: number

    randombytes_buf(out: Uint8Array): void
    sodium_memzero(buf: Uint8Array): void
    crypto_kdf_derive_from_key(subkey: Uint8Array, subkeyId: number, ctx: Uint8Array, key: Uint8Array): void
    crypto_generichash(out: Uint8Array, input: Uint8Array, key?: Uint8Array): void
    crypto_generichash_batch(out: Uint8Array, inputs: Uint8Array[], key?: Uint8Array): void
    crypto_box_seed_keypair(pk: Uint8Array, sk: Uint8Array, seed: Uint8Array): void
    crypto_box_seal(c: Uint8Array, m: Uint8Array, pk: Uint8Array): void
    /** False when `c` was not sealed to this key pair, or was altered. */
    crypto_box_seal_open(m: Uint8Array, c: Uint8Array, pk: Uint8Array, sk: Uint8Array): boolean
    crypto_sign_seed_keypair(pk: Uint8Array, sk: Uint8Array, seed: Uint8Array): void
    crypto_sign_detached(sig: Uint8Array, m: Uint8Array, sk: Uint8Array): void
    crypto_sign_verify_detached(sig: Uint8Array, m: Uint8Array, pk: Uint8Array): boolean
    /** Returns the ciphertext's length. */
    crypto_aead_xchacha20poly1305_ietf_encrypt(
      c: Uint8Array,
      m: Uint8Array,
      ad: Uint8Array | null,
      nsec: null,
      npub: Uint8Array,
      k: Uint8Array
    ): number
    /** Throws when the ciphertext does not verify under this key, nonce and associated data. */
    crypto_aead_xchacha20poly1305_ietf_decrypt(
      m: Uint8Array,
      nsec: null,
      c: Uint8Array,
      ad: Uint8Array | null,
      npub: Uint8Array,
      k: Uint8Array
    ): number
  }
  export = sodium
}
