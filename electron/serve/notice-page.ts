// The few pages the server itself answers with (no token, UI not built) in the app's own look: a card on
// the app's background, light or dark as the system is. The page's one inline style is allowed by its hash,
// so the policy stays as strict as the app's (no 'unsafe-inline', nothing loaded).
import { createHash } from 'node:crypto'

const STYLE = [
  ':root{color-scheme:light dark;--bg:#f6f6f3;--surface:#fff;--text:#17181a;--muted:#64676d;--border:#e3e3df}',
  '@media (prefers-color-scheme:dark){:root{--bg:#0e1014;--surface:#161920;--text:#e7e8ea;--muted:#9499a3;--border:#2a2e37}}',
  "body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Ubuntu,sans-serif}",
  'main{max-width:34rem;margin:16px;padding:24px 28px;background:var(--surface);border:1px solid var(--border);border-radius:14px}',
  'h1{font-size:1.3rem;margin:0 0 8px}p{margin:8px 0;color:var(--muted)}code{font:0.95em ui-monospace,Menlo,Consolas,monospace;color:var(--text)}'
].join('')

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`

/** The Content-Security-Policy of a notice page: its own style and nothing else. */
export const NOTICE_PAGE_POLICY = `default-src 'none'; style-src ${STYLE_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`

/** A page with a heading and paragraphs; each paragraph is trusted HTML (written here, never from input). */
export function noticePage(title: string, paragraphs: string[]): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${title} · rstatus</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</main></body></html>\n`
  )
}
