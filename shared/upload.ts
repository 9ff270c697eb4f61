// Sending a file to the engine in pieces (the contract's uploadBegin and uploadChunk): the renderer for
// images and archives, tests likewise. Returns the upload id that post, setProfile and importTwitter take.
import type { Api } from './api/contract.js'
import { UPLOAD_CHUNK_BYTES } from './api/media.js'

export async function uploadBytes(api: Api, bytes: Uint8Array, onProgress?: (sent: number, total: number) => void): Promise<string> {
  const { upload } = await api.call('uploadBegin', { size: bytes.byteLength })
  for (let offset = 0; offset < bytes.byteLength; offset += UPLOAD_CHUNK_BYTES) {
    const piece = bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES)
    await api.call('uploadChunk', { upload, offset, data: toBase64(piece) })
    onProgress?.(offset + piece.byteLength, bytes.byteLength)
  }
  return upload
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.byteLength; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
