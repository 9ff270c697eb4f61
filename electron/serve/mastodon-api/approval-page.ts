// The pages of the OAuth flow, served by the door itself (not the React app, so they work whether or not
// the UI is built): approve an app, the code to paste back, and short messages. Everything from the app
// (its name, website, scopes) is escaped. The pages run no script, and their one style block is allowed by
// its hash, so the policy can stay strict.
import { createHash } from 'node:crypto'
import { escapeHtml } from './content.js'

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;background:#f6f6f3;color:#17181a;margin:0;display:flex;justify-content:center}
main{background:#fff;border:1px solid #e3e3df;border-radius:14px;margin:48px 16px;padding:28px 32px;max-width:460px;width:100%}
h1{font-size:1.35rem;margin:0 0 12px}
p,li{color:#3b3d42}
ul{padding-left:20px}
.app{font-weight:600;color:#17181a}
.actions{display:flex;gap:12px;margin-top:20px}
button{font:inherit;border-radius:8px;padding:8px 18px;border:1px solid #e3e3df;background:#f1f1ee;color:#17181a;cursor:pointer}
button.primary{background:#2459d6;border-color:#2459d6;color:#fff}
button:focus-visible{outline:3px solid #2459d6;outline-offset:2px}
label{display:flex;gap:8px;align-items:center;margin-top:8px}
code{display:block;font:1rem ui-monospace,monospace;background:#f1f1ee;border-radius:8px;padding:12px;word-break:break-all;user-select:all}
.muted{color:#64676d;font-size:.9rem}
`
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64')

/** The pages' policy: no script at all, this one style block, forms posting here (and redirecting to `formTargets`). */
export function pagePolicy(formTargets: readonly string[] = []): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    "img-src 'self'",
    `form-action 'self'${formTargets.map((t) => ` ${t}`).join('')}`,
    "base-uri 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)} · rstatus</title><style>${STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>\n`
}

export interface ApprovalRequest {
  appName: string
  website: string | null
  /** What the app asks for, in Mastodon's words. */
  scopes: string[]
  canWrite: boolean
  /** Offer the person's private conversations, as a separate choice left unticked. */
  canAskMessages: boolean
  /** Carried back by the form, unchanged. */
  fields: Record<string, string>
}

export function approvalPage(req: ApprovalRequest): string {
  const hidden = Object.entries(req.fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('')
  const can = [
    '<li>read your timeline, profiles, statuses, notifications and searches</li>',
    ...(req.canWrite ? ['<li>post, reply, like, repost, delete your statuses, and follow, block or mute people, as you</li>'] : [])
  ]
  const site = req.website ? `<p class="muted">It says it comes from ${escapeHtml(req.website)}.</p>` : ''
  return page('Approve an app', `
<h1>Let <span class="app">${escapeHtml(req.appName)}</span> use your rstatus?</h1>
${site}
<p>If you approve, it can:</p>
<ul>${can.join('')}</ul>
${req.canAskMessages ? '<p class="muted">Your private messages stay out of its reach unless you tick the box below; you can take them back later on the Apps page or with <kbd>rstatus token messages NAME off</kbd>.</p>' : ''}
<p class="muted">It asked for: ${escapeHtml(req.scopes.join(' '))}. It gets its own token, which you can revoke at any time on the Apps page or with <kbd>rstatus token revoke</kbd>.</p>
<form method="post" action="/oauth/authorize">
${hidden}
${req.canWrite ? '<label><input type="checkbox" name="read_only" value="1"> Only let it read</label>' : ''}
${req.canAskMessages ? `<label><input type="checkbox" name="messages" value="1"> Also let it read your private messages${req.canWrite ? ' and send messages as you' : ''}</label>` : ''}
<div class="actions">
<button class="primary" type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`)
}

export function codePage(appName: string, code: string): string {
  return page('App approved', `
<h1><span class="app">${escapeHtml(appName)}</span> is approved</h1>
<p>Copy this code and paste it into ${escapeHtml(appName)}:</p>
<code id="code">${escapeHtml(code)}</code>
<p class="muted">The code works once, for the next ten minutes.</p>`)
}

export function messagePage(title: string, text: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`)
}
