// The public half of this device's network key, kept beside the store: whoami names it, and a cold start
// answers whoami before the store (where the key pair is derived) is open. Public, like every key whoami
// prints; the store stays the only source, and this file follows it on every open.
import { parseKey, type FeedKey } from '../../shared/keys.js'
import { readJsonFile, writeJsonFile } from '../platform/json-file.js'

/** The key last written, or null when the file is missing or holds anything but a key. */
export function rememberedPeerKey(file: string): FeedKey | null {
  const value = readJsonFile(file)
  const key = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).publicKey : null
  try {
    return parseKey(key)
  } catch {
    return null
  }
}

/** Writes the key when the file does not already hold it. */
export function rememberPeerKey(file: string, key: FeedKey): void {
  if (rememberedPeerKey(file) !== key) writeJsonFile(file, { publicKey: key })
}
