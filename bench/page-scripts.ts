// Scripts that run inside the page. They are strings so the Node build needs no DOM types.

/** Before any page script: note when the first timeline row is on screen (the frame after it is added). */
export const WATCH_FIRST_ROW = `
  window.__bench = { firstRowAt: null }
  new MutationObserver((_, obs) => {
    if (document.querySelector('[role=feed] .vrow')) {
      obs.disconnect()
      requestAnimationFrame((t) => { window.__bench.firstRowAt = t })
    }
  }).observe(document, { childList: true, subtree: true })
`

export const FIRST_ROW_AT = 'window.__bench && window.__bench.firstRowAt'

export const FIRST_CONTENTFUL_PAINT = `(performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime`

export const DOM_NODES = `document.getElementsByTagName('*').length`

/** Scrolls `step` px every frame for `ms`; returns the frame intervals and the most DOM nodes seen. */
export function scrollFor(ms: number, step: number): string {
  return `new Promise((resolve) => {
    const intervals = []
    let last = null
    let frames = 0
    let maxNodes = 0
    const end = performance.now() + ${ms}
    function frame(t) {
      if (last !== null) intervals.push(t - last)
      last = t
      if (++frames % 10 === 0) maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length)
      window.scrollBy(0, ${step})
      if (t < end) requestAnimationFrame(frame)
      else resolve({ intervals, maxNodes, scrollY: window.scrollY })
    }
    requestAnimationFrame(frame)
  })`
}

/** Jumps to the end of the list until `rows` statuses are loaded (or `ms` pass); returns the most DOM nodes seen. */
export function loadDeep(rows: number, ms: number): string {
  return `new Promise((resolve) => {
    const end = performance.now() + ${ms}
    let maxNodes = 0
    const lastIndex = () => Math.max(-1, ...[...document.querySelectorAll('.vrow')].map((r) => Number(r.dataset.index)))
    function step() {
      maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length)
      const index = lastIndex()
      if (index + 1 >= ${rows} || performance.now() > end) return resolve({ loaded: index + 1, maxNodes, rowsInDom: document.querySelectorAll('.vrow').length })
      window.scrollTo(0, document.documentElement.scrollHeight)
      setTimeout(step, 50)
    }
    step()
  })`
}

/** A plain page of `rows` simple rows: what this browser costs for scrolling and painting anything at all. */
export function staticPage(rows: number): string {
  const row = (i: number) =>
    `<div style="display:flex;gap:12px;padding:16px;border-bottom:1px solid #ddd"><div style="width:44px;height:44px;border-radius:50%;background:#2a7"></div><div><b>Author ${i}</b><p style="margin:4px 0">status number ${i}: the garden and the bridge near the river, again today</p></div></div>`
  return `<!doctype html><html><head><meta charset="utf-8"><title>baseline</title></head><body style="margin:0 auto;max-width:600px;font-family:sans-serif">${Array.from({ length: rows }, (_, i) => row(i)).join('')}</body></html>`
}
