// Loaded into Electron's own installer (node --import) by start-desktop.js, to report what its download does.
// The installer draws a progress bar only on a terminal and only after 30 s, and on failure prints a stack
// whose first line says "fetch failed" without the cause. So this counts the bytes each fetch receives and
// names a failed fetch's cause, on stderr lines that start-desktop.js reads and never shows as they are.
const PREFIX = 'rstatus-installer:'
const EVERY_MS = 200
const realFetch = globalThis.fetch

function report(kind, detail) {
  process.stderr.write(`${PREFIX} ${kind} ${detail}\n`)
}

globalThis.fetch = async function countingFetch(...args) {
  let res
  try {
    res = await realFetch(...args)
  } catch (err) {
    report('error', String(err?.cause?.message ?? err?.message ?? err).split('\n')[0])
    throw err
  }
  if (!res.ok || !res.body) return res
  const total = Number(res.headers.get('content-length')) || 0
  let received = 0
  let last = 0
  const counted = res.body.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        received += chunk.byteLength
        if (Date.now() - last >= EVERY_MS) {
          last = Date.now()
          report('progress', `${received} ${total}`)
        }
        controller.enqueue(chunk)
      },
      flush() {
        report('progress', `${received} ${total}`)
      }
    })
  )
  const out = new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers })
  Object.defineProperty(out, 'url', { value: res.url })
  return out
}
