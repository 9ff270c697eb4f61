// The one CommonJS package the renderer reaches through shared/keys.ts. The Node side types it in
// types/holepunch.d.ts with Buffer; the browser only needs its string-in, string-out surface.
declare module 'hypercore-id-encoding' {
  const ids: {
    encode(key: Uint8Array): string
    decode(id: string | Uint8Array): Uint8Array
    normalize(id: string | Uint8Array): string
    isValid(id: unknown): boolean
  }
  export = ids
}
