import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, it } from 'node:test'
import sodium from 'sodium-universal'
import {
  conversationIdOf,
  conversationTopic,
  coreEncryptionKey,
  decrypt,
  deviceBoxKeyPair,
  encrypt,
  encryptWithNonce,
  firstIdentitySeed,
  identityKeys,
  kdf,
  keyIdOf,
  openSealed,
  randomBytes,
  seal,
  sign,
  verify
} from '../../../../../electron/engine/messages/crypto.js'

const key = () => randomBytes(32)

describe('messages crypto', () => {
  it('derives subkeys with libsodium crypto_kdf: the same for the same input, apart for another id or context', () => {
    const k = key()
    const expected = Buffer.alloc(32)
    sodium.crypto_kdf_derive_from_key(expected, 1, Buffer.from('rsdm-cnv'), k)
    assert.deepEqual(kdf(k, 1, 'rsdm-cnv'), expected)
    assert.deepEqual(conversationTopic(k), expected)
    assert.notDeepEqual(kdf(k, 2, 'rsdm-cnv'), expected)
    assert.notDeepEqual(kdf(k, 1, 'rsdm-idn'), expected)
    assert.notDeepEqual(coreEncryptionKey(k), conversationTopic(k))
    assert.throws(() => kdf(k, 1, 'short'), /8 ASCII characters/)
  })

  it("derives an identity's keys from its seed alone, and generation 0 from the first device's primary key", () => {
    const primary = key()
    const seed = firstIdentitySeed(primary)
    assert.deepEqual(seed, firstIdentitySeed(Buffer.from(primary)))
    const a = identityKeys(seed, 0)
    const b = identityKeys(Buffer.from(seed), 0)
    assert.deepEqual([a.sign.publicKey, a.box.publicKey], [b.sign.publicKey, b.box.publicKey])
    assert.notDeepEqual(a.sign.publicKey, a.box.publicKey)
    // The device's own box key comes from the same primary key but is another key.
    assert.notDeepEqual(deviceBoxKeyPair(primary).publicKey, a.box.publicKey)
    assert.notDeepEqual(identityKeys(key(), 0).box.publicKey, a.box.publicKey)
  })

  it('opens a sealed box only with the key pair it was sealed to, and answers null for anything else', () => {
    const me = identityKeys(key(), 0).box
    const other = identityKeys(key(), 0).box
    const secret = key()
    const sealed = seal(secret, me.publicKey)
    assert.equal(sealed.length, 32 + 48)
    assert.deepEqual(openSealed(sealed, me), secret)
    assert.equal(openSealed(sealed, other), null)
    const flipped = Buffer.from(sealed)
    flipped[40]! ^= 1
    assert.equal(openSealed(flipped, me), null)
    assert.equal(openSealed(Buffer.alloc(10), me), null)
    assert.equal(openSealed(crypto.randomBytes(200), me), null)
  })

  it('decrypts XChaCha20-Poly1305 only with the same key, nonce and associated data', () => {
    const k = key()
    const ad = Buffer.from('where it belongs')
    const { nonce, ciphertext } = encrypt(Buffer.from('secret text'), k, ad)
    assert.equal(nonce.length, 24)
    assert.equal(ciphertext.length, 'secret text'.length + 16)
    assert.equal(decrypt(ciphertext, k, ad, nonce)?.toString(), 'secret text')
    assert.equal(decrypt(ciphertext, key(), ad, nonce), null)
    assert.equal(decrypt(ciphertext, k, Buffer.from('elsewhere'), nonce), null)
    assert.equal(decrypt(ciphertext, k, ad, randomBytes(24)), null)
    const tampered = Buffer.from(ciphertext)
    tampered[0]! ^= 1
    assert.equal(decrypt(tampered, k, ad, nonce), null)
    assert.equal(decrypt(Buffer.alloc(3), k, ad, nonce), null)
    assert.equal(decrypt(ciphertext, k, ad, Buffer.alloc(5)), null)
    assert.equal(decrypt(ciphertext, Buffer.alloc(7), ad, nonce), null)
    // Two encryptions of one text differ (fresh nonces).
    assert.notDeepEqual(encrypt(Buffer.from('x'), k, ad).ciphertext, encrypt(Buffer.from('x'), k, ad).ciphertext)
    const fixed = encryptWithNonce(Buffer.from('image'), k, ad, Buffer.alloc(24))
    assert.equal(decrypt(fixed, k, ad, Buffer.alloc(24))?.toString(), 'image')
  })

  it('verifies Ed25519 signatures, and answers false for bad signatures and bad key lengths', () => {
    const keys = identityKeys(key(), 3)
    const message = Buffer.from('bind this core')
    const signature = sign(message, keys.sign.secretKey)
    assert.equal(verify(signature, message, keys.sign.publicKey), true)
    assert.equal(verify(signature, Buffer.from('bind that core'), keys.sign.publicKey), false)
    assert.equal(verify(signature, message, identityKeys(key(), 3).sign.publicKey), false)
    assert.equal(verify(signature.subarray(0, 63), message, keys.sign.publicKey), false)
    assert.equal(verify(signature, message, Buffer.alloc(31)), false)
  })

  it('names conversations and keys with 16-byte hashes that differ per input', () => {
    const core = key()
    assert.equal(conversationIdOf(core).length, 16)
    assert.deepEqual(conversationIdOf(core), conversationIdOf(Buffer.from(core)))
    assert.notDeepEqual(conversationIdOf(core), keyIdOf(core))
    assert.notDeepEqual(keyIdOf(core), keyIdOf(key()))
  })
})
