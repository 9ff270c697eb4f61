// Reading a request's body with a size limit, for every door of `rstatus serve`.
import type http from 'node:http'

/** The client closed the connection before its request was read: there is no one to answer. */
export class ClientGone extends Error {
  override name = 'ClientGone'
}

/**
 * The body as bytes; null when it is over `max` (what is past the limit is read and dropped, so the answer
 * can still be sent). Rejects with ClientGone when the client hangs up mid-request.
 */
export function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooBig = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) tooBig = true
      else if (!tooBig) chunks.push(chunk)
    })
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)))
    req.on('error', () => reject(new ClientGone('The client closed the connection mid-request')))
  })
}
