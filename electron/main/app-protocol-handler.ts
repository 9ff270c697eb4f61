// Serves app://rstatus/ from the built renderer folder, every response with the security headers.
import fs from 'node:fs/promises'
import { contentTypeFor, securityHeaders } from '../serve/static-files.js'
import { resolveAppFile } from './app-protocol.js'

const NOT_BUILT_PAGE =
  '<!doctype html><meta charset="utf-8"><title>rstatus</title>' +
  '<p>The rstatus interface has not been built. Run <code>npm run build</code>, then start rstatus again.</p>'

export function appProtocolHandler(
  rendererDir: string,
  readFile: (file: string) => Promise<Uint8Array> = (file) => fs.readFile(file)
): (request: { url: string; method?: string }) => Promise<Response> {
  return async (request) => {
    if (request.method && request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed')
    const file = resolveAppFile(request.url, rendererDir)
    if (!file) return respond(404, 'Not found')
    try {
      const body = await readFile(file)
      return new Response(body, { status: 200, headers: { 'Content-Type': contentTypeFor(file), ...securityHeaders() } })
    } catch {
      if (file.endsWith('index.html')) {
        return new Response(NOT_BUILT_PAGE, {
          status: 200,
          headers: { 'Content-Type': 'text/html; charset=utf-8', ...securityHeaders() }
        })
      }
      return respond(404, 'Not found')
    }
  }
}

function respond(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() } })
}
