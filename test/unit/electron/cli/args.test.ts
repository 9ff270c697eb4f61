import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import ids from 'hypercore-id-encoding'
import { parseArgs, parseBootstrap, DEFAULT_PORT, DEFAULT_TIMELINE_LIMIT } from '../../../../electron/cli/args.js'
import { naming, reportError, UsageError } from '../../../../electron/cli/exit.js'
import { RstatusError } from '../../../../shared/errors.js'

const KEY = ids.encode(Buffer.alloc(32, 7))
const HEX = Buffer.alloc(32, 7).toString('hex')
const STATUS = `rstatus://${KEY}/3`

/** The one stderr line and exit code the CLI gives for argv. */
function failure(argv: string[], env: Record<string, string> = {}): { line: string; code: number } {
  const lines: string[] = []
  try {
    parseArgs(argv, env)
  } catch (err) {
    const code = reportError(err, { out: () => assert.fail('nothing on stdout'), err: (l) => lines.push(l) }, false)
    assert.equal(lines.length, 1, 'exactly one line')
    return { line: lines[0] as string, code }
  }
  assert.fail(`expected ${JSON.stringify(argv)} to be refused`)
}

describe('parseArgs: commands', () => {
  test('whoami, with and without --json', () => {
    assert.deepEqual(parseArgs(['whoami']).command, { name: 'whoami', json: false })
    assert.deepEqual(parseArgs(['whoami', '--json']).command, { name: 'whoami', json: true })
  })

  test('post takes the text as one argument, also after --', () => {
    assert.deepEqual(parseArgs(['post', 'hello world']).command, { name: 'post', text: 'hello world', sensitive: false })
    assert.deepEqual(parseArgs(['post', '--', '-1 degrees']).command, { name: 'post', text: '-1 degrees', sensitive: false })
  })

  test('reply, repost, like and delete take a status link, normalised', () => {
    const hexUri = `rstatus://${HEX}/3`
    assert.deepEqual(parseArgs(['reply', hexUri, 'yes']).command, { name: 'reply', to: STATUS, text: 'yes', sensitive: false })
    assert.deepEqual(parseArgs(['repost', STATUS]).command, { name: 'repost', uri: STATUS })
    assert.deepEqual(parseArgs(['like', STATUS]).command, { name: 'like', uri: STATUS })
    assert.deepEqual(parseArgs(['delete', STATUS]).command, { name: 'delete', uri: STATUS })
  })

  test('post takes --quote, --cw, --sensitive and --poll with --poll-hours (default 24)', () => {
    assert.deepEqual(parseArgs(['post', 'look', '--quote', `rstatus://${HEX}/3`, '--cw', ' spoilers ', '--sensitive']).command, {
      name: 'post',
      text: 'look',
      quote: STATUS,
      cw: 'spoilers',
      sensitive: true
    })
    assert.deepEqual(parseArgs(['post', 'which?', '--poll', 'tea| coffee |water']).command, {
      name: 'post',
      text: 'which?',
      sensitive: false,
      poll: { choices: ['tea', 'coffee', 'water'], hours: 24 }
    })
    assert.deepEqual(parseArgs(['post', 'which?', '--poll', 'a|b', '--poll-hours', '168']).command, {
      name: 'post',
      text: 'which?',
      sensitive: false,
      poll: { choices: ['a', 'b'], hours: 168 }
    })
  })

  test('refuses a bad poll, a bad warning or a bad quote in one line', () => {
    assert.match(failure(['post', 'q', '--poll', 'only']).line, /--poll needs 2 to 4 choices separated by \|/)
    assert.match(failure(['post', 'q', '--poll', 'a|b|c|d|e']).line, /2 to 4 choices/)
    assert.match(failure(['post', 'q', '--poll', 'a|a']).line, /same choice twice/)
    assert.match(failure(['post', 'q', '--poll', 'a|']).line, /poll choice/)
    assert.match(failure(['post', 'q', '--poll', 'a|b', '--poll-hours', '0']).line, /--poll-hours must be a whole number from 1 to 168/)
    assert.match(failure(['post', 'q', '--poll', 'a|b', '--poll-hours', '169']).line, /from 1 to 168/)
    assert.match(failure(['post', 'q', '--poll-hours', '2']).line, /--poll-hours goes with --poll/)
    assert.match(failure(['post', 'q', '--cw', 'two\nlines']).line, /--cw must be one line/)
    assert.match(failure(['post', 'q', '--cw', '  ']).line, /--cw/)
    assert.equal(failure(['post', 'q', '--quote', 'not a link']).code, 2)
    assert.match(failure(['reply', STATUS, 'q', '--poll', 'a|b']).line, /unknown option "--poll" for reply/)
  })

  test('reply takes --cw and --sensitive; edit, vote, pin and unpin take a status link', () => {
    assert.deepEqual(parseArgs(['reply', STATUS, 'careful', '--cw', 'cw', '--sensitive']).command, {
      name: 'reply',
      to: STATUS,
      text: 'careful',
      cw: 'cw',
      sensitive: true
    })
    assert.deepEqual(parseArgs(['edit', STATUS, 'fixed']).command, { name: 'edit', uri: STATUS, text: 'fixed' })
    assert.deepEqual(parseArgs(['vote', STATUS, '2']).command, { name: 'vote', uri: STATUS, choice: 2 })
    assert.match(failure(['vote', STATUS, '0']).line, /CHOICE_NUMBER must be a whole number from 1 to 4/)
    assert.match(failure(['vote', STATUS]).line, /vote needs CHOICE_NUMBER/)
    assert.deepEqual(parseArgs(['pin', STATUS]).command, { name: 'pin', uri: STATUS })
    assert.deepEqual(parseArgs(['unpin', STATUS]).command, { name: 'unpin', uri: STATUS })
  })

  test('profile with no option shows it; --name and --bio set it', () => {
    assert.deepEqual(parseArgs(['profile']).command, { name: 'profile', set: {} })
    assert.deepEqual(parseArgs(['profile', '--name', 'Ada', '--bio=']).command, { name: 'profile', set: { name: 'Ada', bio: '' } })
  })

  test('follow and unfollow accept a z32 key, a hex key and a link', () => {
    assert.deepEqual(parseArgs(['follow', KEY]).command, { name: 'follow', key: KEY })
    assert.deepEqual(parseArgs(['follow', HEX]).command, { name: 'follow', key: KEY })
    assert.deepEqual(parseArgs(['unfollow', `rstatus://${KEY}`]).command, { name: 'unfollow', key: KEY })
  })

  test('follow takes a domain handle, and profile --handle claims one ("" claims none)', () => {
    assert.deepEqual(parseArgs(['follow', '@Bob.Example.org']).command, { name: 'follow', handle: 'bob.example.org' })
    assert.deepEqual(parseArgs(['profile', '--handle', 'Ada.example']).command, { name: 'profile', set: { handle: 'ada.example' } })
    assert.deepEqual(parseArgs(['profile', '--handle=']).command, { name: 'profile', set: { handle: '' } })
  })

  test('--dns names the resolver for handles; RSTATUS_DNS is its fallback', () => {
    assert.deepEqual(parseArgs(['--dns', '127.0.0.1:5353', 'whoami']).global.dnsServers, ['127.0.0.1:5353'])
    assert.deepEqual(parseArgs(['whoami'], { RSTATUS_DNS: '10.0.0.1,10.0.0.2' }).global.dnsServers, ['10.0.0.1', '10.0.0.2'])
    assert.equal(parseArgs(['whoami']).global.dnsServers, undefined)
  })

  test('following and timeline', () => {
    assert.deepEqual(parseArgs(['following', '--json']).command, { name: 'following', json: true })
    assert.deepEqual(parseArgs(['timeline']).command, { name: 'timeline', json: false, limit: DEFAULT_TIMELINE_LIMIT })
    assert.deepEqual(parseArgs(['timeline', '--limit', '5', '--json']).command, { name: 'timeline', json: true, limit: 5 })
  })

  test('sync defaults to 30 seconds and takes fractions', () => {
    assert.deepEqual(parseArgs(['sync']).command, { name: 'sync', timeoutMs: 30_000 })
    assert.deepEqual(parseArgs(['sync', '--timeout', '0.5']).command, { name: 'sync', timeoutMs: 500 })
  })

  test('serve defaults to port 7420 with the UI; --port 0 and --no-ui', () => {
    assert.deepEqual(parseArgs(['serve']).command, { name: 'serve', port: DEFAULT_PORT, ui: true, newToken: false })
    assert.deepEqual(parseArgs(['serve', '--port', '0', '--no-ui']).command, { name: 'serve', port: 0, ui: false, newToken: false })
    assert.deepEqual(parseArgs(['serve', '--new-token']).command, { name: 'serve', port: DEFAULT_PORT, ui: true, newToken: true })
  })

  test('reindex, check, help and --help', () => {
    assert.deepEqual(parseArgs(['reindex']).command, { name: 'reindex' })
    assert.deepEqual(parseArgs(['check']).command, { name: 'check' })
    assert.deepEqual(parseArgs(['help']).command, { name: 'help' })
    assert.deepEqual(parseArgs(['--help']).command, { name: 'help' })
    assert.deepEqual(parseArgs(['post', '--help']).command, { name: 'help' })
  })
})

describe('parseArgs: app tokens and Atom', () => {
  test('token create --name NAME [--read-only] [--messages], token list [--json], token revoke NAME, token messages NAME on|off', () => {
    assert.deepEqual(parseArgs(['token', 'create', '--name', 'feed reader']).command, { name: 'token', action: 'create', tokenName: 'feed reader', readOnly: false, messages: false })
    assert.deepEqual(parseArgs(['token', '--read-only', 'create', '--name=bot']).command, { name: 'token', action: 'create', tokenName: 'bot', readOnly: true, messages: false })
    assert.deepEqual(parseArgs(['token', 'create', '--name', 'chat', '--messages']).command, { name: 'token', action: 'create', tokenName: 'chat', readOnly: false, messages: true })
    assert.deepEqual(parseArgs(['token', 'messages', 'chat', 'off']).command, { name: 'token', action: 'messages', tokenName: 'chat', on: false })
    assert.deepEqual(parseArgs(['token', 'messages', 'chat', 'on']).command, { name: 'token', action: 'messages', tokenName: 'chat', on: true })
    assert.throws(() => parseArgs(['token', 'messages', 'chat', 'maybe']), /token messages takes a name, then on or off/)
    assert.deepEqual(parseArgs(['token', 'list']).command, { name: 'token', action: 'list', json: false })
    assert.deepEqual(parseArgs(['token', 'list', '--json']).command, { name: 'token', action: 'list', json: true })
    assert.deepEqual(parseArgs(['token', 'revoke', 'feed reader']).command, { name: 'token', action: 'revoke', tokenName: 'feed reader' })
  })

  test('atom writes to stdout, or to --out (absolute), with an optional --limit', () => {
    assert.deepEqual(parseArgs(['atom']).command, { name: 'atom', out: null, limit: null })
    assert.deepEqual(parseArgs(['atom', '--out', 'feed.xml', '--limit', '20']).command, { name: 'atom', out: path.resolve('feed.xml'), limit: 20 })
  })

  const bad: Array<[string[], string]> = [
    [['token'], 'rstatus: token needs create|list|revoke|messages (see rstatus --help)'],
    [['token', 'make'], 'rstatus: unknown token command "make": use token create, token list, token revoke or token messages'],
    [['token', 'create'], 'rstatus: token create needs --name NAME'],
    [['token', 'create', '--name', '  '], 'rstatus: token create needs --name NAME'],
    [['token', 'revoke'], 'rstatus: token needs NAME (see rstatus --help)'],
    [['token', 'revoke', 'a', 'b'], 'rstatus: too many arguments for token'],
    [['token', 'list', '--read-only'], 'rstatus: --read-only does not go with token list (see rstatus --help)'],
    [['token', 'revoke', 'x', '--name', 'y'], 'rstatus: --name does not go with token revoke (see rstatus --help)'],
    [['atom', '--limit', '0'], 'rstatus: --limit must be a whole number from 1 to 100000, not "0"'],
    [['atom', '--out', ''], 'rstatus: --out needs a file name'],
    [['atom', 'extra'], 'rstatus: too many arguments for atom']
  ]
  for (const [argv, line] of bad) {
    test(`${JSON.stringify(argv)} → ${line.slice(9, 60)}`, () => {
      assert.deepEqual(failure(argv), { line, code: 2 })
    })
  }
})

describe('parseArgs: global options', () => {
  test('before or after the command, in both --opt value and --opt=value forms', () => {
    const before = parseArgs(['--data', 'd', '--bootstrap', '127.0.0.1:49737', '--host', '127.0.0.1', 'whoami'])
    const after = parseArgs(['whoami', '--data=d', '--bootstrap=127.0.0.1:49737', '--host=127.0.0.1'])
    const expected = { data: path.resolve('d'), bootstrap: [{ host: '127.0.0.1', port: 49737 }], host: '127.0.0.1' }
    assert.deepEqual(before.global, expected)
    assert.deepEqual(after.global, expected)
  })

  test('RSTATUS_DATA and RSTATUS_BOOTSTRAP are fallbacks; options win', () => {
    const env = { RSTATUS_DATA: '/tmp/env-data', RSTATUS_BOOTSTRAP: 'a.example:1,[::1]:2' }
    assert.deepEqual(parseArgs(['whoami'], env).global, {
      data: '/tmp/env-data',
      bootstrap: [{ host: 'a.example', port: 1 }, { host: '::1', port: 2 }]
    })
    assert.equal(parseArgs(['--data', '/tmp/opt', 'whoami'], env).global.data, '/tmp/opt')
  })

  test('--relay takes keys in z-base-32 or hex; RSTATUS_RELAY is its fallback', () => {
    const hex = Buffer.alloc(32, 9).toString('hex')
    const z32 = parseArgs(['--relay', hex, 'whoami']).global.relays
    assert.equal(z32?.length, 1)
    assert.match(z32![0]!, /^[a-z0-9]{52}$/)
    assert.deepEqual(parseArgs(['whoami'], { RSTATUS_RELAY: `${z32![0]},${KEY}` }).global.relays, [z32![0], KEY])
    assert.deepEqual(parseArgs(['--relay', KEY, 'whoami'], { RSTATUS_RELAY: hex }).global.relays, [KEY])
    assert.equal(parseArgs(['whoami']).global.relays, undefined)
  })

  test('no --data and no RSTATUS_DATA leaves the default to the engine', () => {
    assert.equal(parseArgs(['whoami']).global.data, undefined)
  })

  test('parseBootstrap reads several nodes', () => {
    assert.deepEqual(parseBootstrap('127.0.0.1:1, 10.0.0.2:65535', '--bootstrap'), [
      { host: '127.0.0.1', port: 1 },
      { host: '10.0.0.2', port: 65535 }
    ])
  })
})

describe('parseArgs: bad input gets one line and exit code 2', () => {
  const cases: Array<[string[], string]> = [
    [[], 'rstatus: no command given (see rstatus --help)'],
    [['dance'], 'rstatus: unknown command "dance" (see rstatus --help)'],
    [['whoami', '--jsno'], 'rstatus: unknown option "--jsno" for whoami (see rstatus --help)'],
    [['--json', 'whoami'], 'rstatus: unknown option "--json" (see rstatus --help)'],
    [['post', '-x'], 'rstatus: unknown option "-x" (to post text that starts with -, put -- before it)'],
    [['post'], 'rstatus: post needs TEXT (see rstatus --help)'],
    [['post', 'a', 'b'], 'rstatus: too many arguments for post (put the text in quotes)'],
    [['post', ''], 'rstatus: the status is empty'],
    [['post', '   \n '], 'rstatus: the status is empty'],
    [['post', 'x'.repeat(501)], 'rstatus: the status is 501 characters long; the limit is 500'],
    [['post', '\ud800'], 'rstatus: the status is not valid Unicode text'],
    [['reply', STATUS], 'rstatus: reply needs TEXT (see rstatus --help)'],
    [['reply'], 'rstatus: reply needs URI and TEXT (see rstatus --help)'],
    [['like', 'rstatus://nope/1'], 'rstatus: not an rstatus link: "rstatus://nope/1" (expected rstatus://<key> or rstatus://<key>/<seq>)'],
    [['like', `rstatus://${KEY}`], `rstatus: not a status link: "rstatus://${KEY}" (expected rstatus://<key>/<seq>)`],
    [['delete', `rstatus://${KEY}/-1`], `rstatus: not an rstatus link: "rstatus://${KEY}/-1" (expected rstatus://<key> or rstatus://<key>/<seq>)`],
    [['follow', 'abc'], 'rstatus: not a feed key: "abc" (expected 52 z-base-32 or 64 hex characters, or an rstatus:// link)'],
    [['follow'], 'rstatus: follow needs KEY|URI|HANDLE (see rstatus --help)'],
    [['profile', '--handle', 'not a domain'], 'rstatus: --handle must be a domain name such as alice.example.org, or "" to claim none'],
    [['--dns', 'dns.example', 'whoami'], 'rstatus: --dns: "dns.example" is not a DNS server (expected IP or IP:PORT, such as 192.168.1.1 or [::1]:53)'],
    [['profile', '--name', ' '], 'rstatus: the name is empty'],
    [['profile', '--name', 'n'.repeat(51)], 'rstatus: the name is 51 characters long; the limit is 50'],
    [['profile', '--name'], 'rstatus: --name needs a value'],
    [['timeline', '--limit', 'ten'], 'rstatus: --limit must be a whole number from 1 to 100000, not "ten"'],
    [['timeline', '--limit', '0'], 'rstatus: --limit must be a whole number from 1 to 100000, not "0"'],
    [['timeline', '--limit', '-3'], 'rstatus: --limit must be a whole number from 1 to 100000, not "-3"'],
    [['timeline', '--limit', '2.5'], 'rstatus: --limit must be a whole number from 1 to 100000, not "2.5"'],
    [['timeline', '--json=yes'], 'rstatus: --json takes no value'],
    [['timeline', '--limit', '1', '--limit', '2'], 'rstatus: --limit is given twice'],
    [['sync', '--timeout', 'soon'], 'rstatus: --timeout must be a number of seconds from 0 to 86400, not "soon"'],
    [['sync', '--timeout', '1e3'], 'rstatus: --timeout must be a number of seconds from 0 to 86400, not "1e3"'],
    [['serve', '--port', '70000'], 'rstatus: --port must be a whole number from 0 to 65535, not "70000"'],
    [['serve', '--port', '0x10'], 'rstatus: --port must be a whole number from 0 to 65535, not "0x10"'],
    [['--bootstrap', 'localhost', 'sync'], 'rstatus: --bootstrap: "localhost" is not HOST:PORT'],
    [['--bootstrap', 'h:0', 'sync'], 'rstatus: --bootstrap: "h:0" is not HOST:PORT'],
    [['--bootstrap', 'a:1,,b:2', 'sync'], 'rstatus: --bootstrap must be HOST:PORT[,HOST:PORT...]'],
    [['--relay', 'relay.example', 'sync'], 'rstatus: --relay: "relay.example" is not a key (52 z-base-32 or 64 hex characters)'],
    [['--relay', ',', 'sync'], 'rstatus: --relay must be KEY[,KEY...]'],
    [['--host', 'my-laptop', 'sync'], 'rstatus: --host must be an IP address, not "my-laptop"'],
    [['--data', '', 'whoami'], 'rstatus: --data needs a directory'],
    [['whoami', '--data'], 'rstatus: --data needs a value'],
    [['post', '\u001b[2Jboo', '--bogus\u001b'], 'rstatus: unknown option "--bogus?" for post (see rstatus --help)']
  ]
  for (const [argv, line] of cases) {
    test(`${JSON.stringify(argv).slice(0, 70)} → ${line.slice(9, 60)}`, () => {
      assert.deepEqual(failure(argv), { line, code: 2 })
    })
  }

  test('a bad RSTATUS_RELAY names the variable', () => {
    assert.deepEqual(failure(['sync'], { RSTATUS_RELAY: 'nonsense' }), {
      line: 'rstatus: RSTATUS_RELAY: "nonsense" is not a key (52 z-base-32 or 64 hex characters)',
      code: 2
    })
  })

  test('a bad RSTATUS_BOOTSTRAP names the variable', () => {
    assert.deepEqual(failure(['sync'], { RSTATUS_BOOTSTRAP: 'nonsense' }), {
      line: 'rstatus: RSTATUS_BOOTSTRAP: "nonsense" is not HOST:PORT',
      code: 2
    })
  })
})

describe('reportError', () => {
  const capture = (err: unknown, debug = false) => {
    const lines: string[] = []
    const code = reportError(err, { out: () => {}, err: (l) => lines.push(l) }, debug)
    return { code, lines }
  }

  test('a contract error is one line; input codes exit 2, others 1', () => {
    assert.deepEqual(capture(new RstatusError('NOT_FOUND', 'No status at rstatus://x/1')), {
      code: 1,
      lines: ['rstatus: no status at rstatus://x/1']
    })
    assert.deepEqual(capture(new RstatusError('INVALID_INPUT', 'Choose a display name first')), {
      code: 2,
      lines: ['rstatus: choose a display name first']
    })
    assert.equal(capture(new UsageError('x')).code, 2)
  })

  test('a name of their own the person typed that names nothing is bad input: one line, exit 2', async () => {
    const unknown = await naming(Promise.reject(new RstatusError('NOT_FOUND', 'You have no list named "Nope"'))).catch((err: unknown) => err)
    assert.deepEqual(capture(unknown), { code: 2, lines: ['rstatus: you have no list named "Nope"'] })
    const refused = await naming(Promise.reject(new RstatusError('NOT_ALLOWED', 'Only your first device can remove a device'))).catch((err: unknown) => err)
    assert.equal(capture(refused).code, 1, 'other failures pass through')
    assert.equal(await naming(Promise.resolve('found')), 'found')
  })

  test('an unexpected error shows a generic line without its detail, unless RSTATUS_DEBUG', () => {
    const secret = new Error('EACCES: /home/someone/.config/rstatus/store/secret')
    const quiet = capture(secret)
    assert.equal(quiet.code, 1)
    assert.deepEqual(quiet.lines, ['rstatus: something went wrong (run again with RSTATUS_DEBUG=1 to see the details)'])
    const loud = capture(secret, true)
    assert.match(loud.lines[0] ?? '', /EACCES/)
    assert.match(loud.lines.join('\n'), /at /) // the stack, asked for
  })
})
