import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { escapeHtml, statusHtml } from '../../../../../electron/serve/mastodon-api/content.js'

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u'
const links = { accountUrl: (key: string) => `rstatus://${key}`, tagUrl: (tag: string) => `http://127.0.0.1:7420/tags/${encodeURIComponent(tag)}` }

/** Every tag in the HTML: only the ones the builder makes may appear. */
function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase())
}

describe('Mastodon content: HTML built from the status text', () => {
  test('plain text is escaped, paragraphs for blank lines, <br /> for line breaks', () => {
    assert.equal(statusHtml('a < b & "c" \'d\'', [], links), '<p>a &lt; b &amp; &quot;c&quot; &#39;d&#39;</p>')
    assert.equal(statusHtml('one\ntwo\n\nthree\r\nfour', [], links), '<p>one<br />two</p><p>three<br />four</p>')
    assert.equal(statusHtml('', [], links), '')
  })

  test('links, hashtags and resolved mentions become links; an unresolved mention stays text', () => {
    const html = statusHtml('see https://example.com/a?b=1&c=2. #Boats @ann @nobody', [{ key: KEY, name: 'ann' }], links)
    assert.equal(
      html,
      '<p>see <a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="nofollow noopener noreferrer">https://example.com/a?b=1&amp;c=2</a>. ' +
        '<a href="http://127.0.0.1:7420/tags/boats" class="mention hashtag" rel="tag">#<span>Boats</span></a> ' +
        `<span class="h-card"><a href="rstatus://${KEY}" class="u-url mention">@<span>ann</span></a></span> @nobody</p>`
    )
  })

  test('hostile text: markup, script, attributes and entities are never taken as markup', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '"><svg onload=alert(1)>',
      '<a href="javascript:alert(1)">click</a>',
      'javascript:alert(1)',
      '&lt;b&gt; &#x3C;script&#x3E;',
      '<style>*{display:none}</style><!-- comment --><![CDATA[x]]>',
      'https://example.com/"onmouseover="alert(1)',
      "https://example.com/'><script>x</script>",
      '#tag"><b>bold</b>',
      '@ann"><i>x</i>',
      '\u202eevil\u202c \u0000 \u0007 \ud83d\ude00'
    ]
    for (const text of hostile) {
      const html = statusHtml(text, [{ key: KEY, name: 'ann' }], links)
      for (const tag of tags(html)) assert.ok(['p', 'br', 'a', 'span'].includes(tag), `${JSON.stringify(text)} made <${tag}>: ${html}`)
      assert.doesNotMatch(html, /<(script|img|svg|style|i|b)\b/i)
      // Attributes only as the builder writes them: quoted, and nothing from the text outside the quotes.
      for (const m of html.matchAll(/<a ([^>]*)>/g)) {
        assert.match(m[1]!, /^href="[^"]*"( target="_blank" rel="nofollow noopener noreferrer"| class="mention hashtag" rel="tag"| class="u-url mention")$/, html)
        assert.doesNotMatch(m[1]!, /href="javascript:/i)
      }
      // The text comes back whole once the HTML is read as text.
      const asText = html.replace(/<br \/>/g, '\n').replace(/<\/p><p>/g, '\n\n').replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
      assert.equal(asText, text.trim() === '' ? '' : text)
    }
  })

  test('escapeHtml escapes the five characters that matter', () => {
    assert.equal(escapeHtml(`<>&"'x`), '&lt;&gt;&amp;&quot;&#39;x')
  })
})
