import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  countChars,
  hashtagsOf,
  isWellFormed,
  linksOf,
  mentionNamesOf,
  normalizeTag,
  parseText,
  searchTokens,
  utf8Length,
  type TextPart
} from '../../../../shared/protocol/text.js'
import { Rng } from './fixtures.js'

const text = (t: string): TextPart => ({ kind: 'text', text: t })
const link = (href: string): TextPart => ({ kind: 'link', text: href, href })
const tag = (written: string, normalized: string): TextPart => ({ kind: 'hashtag', text: written, tag: normalized })
const mention = (name: string): TextPart => ({ kind: 'mention', text: `@${name}`, name })

describe('countChars()', () => {
  it('counts code points, not UTF-16 units', () => {
    assert.equal(countChars('hello'), 5)
    assert.equal(countChars('😀'), 1)
    assert.equal('😀'.length, 2)
    assert.equal(countChars('𝒜𝒷𝒸'), 3)
  })

  it('counts after NFC: a letter and a combining mark that compose are one character', () => {
    assert.equal(countChars('e\u0301'), 1)
    assert.equal(countChars('\u00e9'), 1)
    assert.equal(countChars('\u212b'), 1) // ANGSTROM SIGN becomes Å
    assert.equal(countChars('\u1100\u1161\u11a8'), 1) // jamo compose into one Hangul syllable
  })

  it('counts marks that do not compose, and the parts of emoji sequences', () => {
    assert.equal(countChars('q\u0301'), 2)
    assert.equal(countChars('👍🏽'), 2) // thumbs up + skin tone modifier
    assert.equal(countChars('🇫🇷'), 2) // two regional indicators
    assert.equal(countChars('👨‍👩‍👧'), 5) // three people joined by two ZERO WIDTH JOINERs
  })

  it('counts a character that NFC expands as its expansion', () => {
    assert.equal(countChars('\ufb2c'), 3) // HEBREW LETTER SHIN WITH DAGESH AND SHIN DOT
  })

  it('counts nothing in an empty string', () => {
    assert.equal(countChars(''), 0)
  })
})

describe('utf8Length() and isWellFormed()', () => {
  it('measures UTF-8 bytes', () => {
    assert.equal(utf8Length('a'), 1)
    assert.equal(utf8Length('é'), 2)
    assert.equal(utf8Length('€'), 3)
    assert.equal(utf8Length('😀'), 4)
  })

  it('finds lone surrogates', () => {
    assert.equal(isWellFormed('a😀b'), true)
    assert.equal(isWellFormed(''), true)
    for (const bad of ['\ud800', '\udc00', 'a\ud83d', '\ude00a', '\ude00\ud83d', '\ud83d\ud83d\ude00\ude00']) {
      assert.equal(isWellFormed(bad), false, JSON.stringify(bad))
    }
  })
})

describe('parseText()', () => {
  it('returns plain text as one part', () => {
    assert.deepEqual(parseText('just words.'), [text('just words.')])
    assert.deepEqual(parseText(''), [])
  })

  it('always gives back the whole text when its parts are joined', () => {
    const samples = [
      'see https://example.com/a_(b)), #Tag and @alice.',
      '#1 @ # @@x a@b.com &#39; http:// https://.',
      'Ünïcödé #über @zoë_1 (https://x.io/?q=1&r=2#frag)…'
    ]
    for (const s of samples) assert.equal(parseText(s).map((p) => p.text).join(''), s)
  })

  it('gives back the whole text and well-formed parts for any generated text', () => {
    // prettier-ignore
    const pieces = [
      'a', 'Z', '1', '_', ' ', '\n', '#', '@', '&', '.', '-', ')', '(', ']', '}', '"', '<', "'", '…', 'é', '\u0301',
      'न', '\u093f', '日', '😀', 'http://', 'https://', 'HTTPS://', 'x.y', '/', '?', '=', '\ud800'
    ]
    const rng = new Rng(7)
    for (let i = 0; i < 5000; i++) {
      let s = ''
      for (let n = rng.int(0, 30); n > 0; n--) s += rng.pick(pieces)
      const parts = parseText(s)
      assert.equal(parts.map((p) => p.text).join(''), s, JSON.stringify(s))
      for (const [j, p] of parts.entries()) {
        assert.ok(p.text.length > 0, JSON.stringify(s))
        if (p.kind === 'text') assert.notEqual(parts[j + 1]?.kind, 'text', 'adjacent text parts are merged')
        if (p.kind === 'link') assert.match(p.href, /^https?:\/\/[^\s<>"]+$/i)
        if (p.kind === 'hashtag') assert.equal(p.text.slice(1).normalize('NFC').toLowerCase(), p.tag)
        if (p.kind === 'mention') assert.equal(p.text, `@${p.name}`)
      }
    }
  })

  describe('links', () => {
    it('finds http and https links', () => {
      assert.deepEqual(parseText('go to https://example.com/x?y=1#z now'), [
        text('go to '),
        link('https://example.com/x?y=1#z'),
        text(' now')
      ])
      assert.deepEqual(linksOf('http://a.b and https://c.d'), ['http://a.b', 'https://c.d'])
    })

    it('takes the scheme in any case', () => {
      assert.deepEqual(linksOf('Https://example.com HTTP://x.y'), ['Https://example.com', 'HTTP://x.y'])
    })

    it('finds a link with a one-character host', () => {
      assert.deepEqual(linksOf('http://a'), ['http://a'])
    })

    it('leaves sentence punctuation after a link outside it', () => {
      for (const end of ['.', ',', ';', ':', '!', '?', "'", '…', '.)', '!!', '?”', '。', '」']) {
        assert.deepEqual(linksOf(`(see https://example.com/page${end}`), ['https://example.com/page'], end)
      }
    })

    it('keeps punctuation inside a link', () => {
      assert.deepEqual(linksOf('https://example.com/a.b,c;d!e?f=g'), ['https://example.com/a.b,c;d!e?f=g'])
    })

    it('keeps a closing bracket the link opened, and drops one it did not', () => {
      assert.deepEqual(linksOf('https://en.wikipedia.org/wiki/Rust_(language)'), ['https://en.wikipedia.org/wiki/Rust_(language)'])
      assert.deepEqual(linksOf('(https://en.wikipedia.org/wiki/Rust_(language))'), [
        'https://en.wikipedia.org/wiki/Rust_(language)'
      ])
      assert.deepEqual(linksOf('(see https://example.com)'), ['https://example.com'])
      assert.deepEqual(linksOf('[https://example.com/[x]]'), ['https://example.com/[x]'])
      assert.deepEqual(linksOf('{https://example.com}.'), ['https://example.com'])
    })

    it('ends at white space, "<", ">" and double quotes', () => {
      assert.deepEqual(linksOf('<https://a.b/c>'), ['https://a.b/c'])
      assert.deepEqual(linksOf('"https://a.b/c"'), ['https://a.b/c'])
      assert.deepEqual(linksOf('https://a.b/c\nnext'), ['https://a.b/c'])
    })

    it('ignores other schemes and bare domains', () => {
      for (const s of ['javascript:alert(1)', 'ftp://x.y', 'data:text/html,hi', 'www.example.com', 'example.com']) {
        assert.deepEqual(linksOf(s), [], s)
      }
    })

    it('needs something after the scheme that is not punctuation', () => {
      assert.deepEqual(parseText('http:// and https://...'), [text('http:// and https://...')])
    })

    it('does not start inside a word', () => {
      assert.deepEqual(linksOf('xhttps://example.com'), [])
      assert.deepEqual(linksOf('url:https://example.com'), ['https://example.com'])
    })

    it('swallows hashtags and mentions that are part of the link', () => {
      assert.deepEqual(parseText('https://x.y/#tag/@me'), [link('https://x.y/#tag/@me')])
    })
  })

  describe('hashtags', () => {
    it('finds #words and folds their case', () => {
      assert.deepEqual(parseText('I love #Rust!'), [text('I love '), tag('#Rust', 'rust'), text('!')])
      assert.deepEqual(hashtagsOf('#Rust #rust #RUST'), ['rust'])
    })

    it('takes letters, combining marks, digits and underscores in any script', () => {
      assert.deepEqual(hashtagsOf('#café #Über_2024 #日本語 #हिन्दी #ไทย #Ελλάδα'), [
        'café',
        'über_2024',
        '日本語',
        'हिन्दी',
        'ไทย',
        'ελλάδα'
      ])
    })

    it('normalises to NFC before folding case', () => {
      assert.deepEqual(hashtagsOf('#Cafe\u0301'), ['caf\u00e9'])
      assert.deepEqual(hashtagsOf('#caf\u00e9 #CAFE\u0301'), ['caf\u00e9'])
    })

    it('needs at least one letter, so numbers stay text', () => {
      assert.deepEqual(hashtagsOf('we are #1, see #2024 and #_'), [])
      assert.deepEqual(hashtagsOf('#2024wrapped'), ['2024wrapped'])
    })

    it('must not follow a letter, digit, underscore or "&"', () => {
      assert.deepEqual(hashtagsOf('C#sharp a#b 1#x _#y &#39; x&#y'), [])
      assert.deepEqual(hashtagsOf('(#one) "#two" ##three'), ['one', 'two', 'three'])
    })

    it('ends at the first character that is not part of a word', () => {
      assert.deepEqual(parseText('#rust-lang'), [tag('#rust', 'rust'), text('-lang')])
      assert.deepEqual(hashtagsOf('#a.b #c\'d'), ['a', 'c'])
    })

    it('is 64 characters at most; a longer run is plain text', () => {
      const long = 'x'.repeat(64)
      assert.deepEqual(hashtagsOf(`#${long}`), [long])
      assert.deepEqual(parseText(`#${long}y`), [text(`#${long}y`)])
    })
  })

  describe('mentions', () => {
    it('finds @names', () => {
      assert.deepEqual(parseText('hi @alice, and @bob.'), [text('hi '), mention('alice'), text(', and '), mention('bob'), text('.')])
      assert.deepEqual(mentionNamesOf('@alice @bob @alice'), ['alice', 'bob'])
    })

    it('keeps the name as written: case and script', () => {
      assert.deepEqual(mentionNamesOf('@Zoë @José @अमित @山田'), ['Zoë', 'José', 'अमित', '山田'])
    })

    it('allows dots and hyphens inside a name, not at its ends', () => {
      assert.deepEqual(mentionNamesOf('@jean-luc.picard. @-x @y-'), ['jean-luc.picard', 'y'])
    })

    it('finds no mention inside an e-mail address', () => {
      for (const s of ['a@b.com', 'mail first.last@example.org', 'x_1@y', '9@z', 'é@x']) {
        assert.deepEqual(mentionNamesOf(s), [], s)
      }
    })

    it('finds none after another "@" or in a bare "@"', () => {
      assert.deepEqual(mentionNamesOf('@@alice @ alone'), [])
    })

    it('is 64 characters at most; a longer run is plain text', () => {
      const long = 'n'.repeat(64)
      assert.deepEqual(mentionNamesOf(`@${long}`), [long])
      assert.deepEqual(parseText(`@${long}n`), [text(`@${long}n`)])
    })

    it('fits a key written after "@"', () => {
      const key = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1y'
      assert.deepEqual(mentionNamesOf(`cc @${key}`), [key])
    })
  })
})

describe('normalizeTag()', () => {
  it('drops a leading "#", applies NFC and lower-cases', () => {
    assert.equal(normalizeTag('#RuST'), 'rust')
    assert.equal(normalizeTag('ÉTÉ'), 'été')
    assert.equal(normalizeTag('E\u0301TE\u0301'), '\u00e9t\u00e9')
  })
})

describe('searchTokens()', () => {
  it('splits text into distinct lower-cased words of two characters or more', () => {
    assert.deepEqual(searchTokens('The cat, the HAT; a x 42!'), ['the', 'cat', 'hat', '42'])
  })

  it('keeps combining marks inside words, after NFC', () => {
    assert.deepEqual(searchTokens('नमस्ते दुनिया'), ['नमस्ते', 'दुनिया'])
    assert.deepEqual(searchTokens('Cafe\u0301'), ['caf\u00e9'])
  })

  it('splits at punctuation, so links and hashtags give their words', () => {
    assert.deepEqual(searchTokens('#Rust https://ex.com/a-b'), ['rust', 'https', 'ex', 'com'])
  })

  it('drops tokens over 40 characters', () => {
    assert.deepEqual(searchTokens('x'.repeat(41) + ' ok'), ['ok'])
    assert.deepEqual(searchTokens('y'.repeat(40)), ['y'.repeat(40)])
  })
})
