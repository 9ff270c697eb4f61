// Reading the pairing code of `device join` from a prompt or stdin, with streams standing in for the terminal.
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { describe, it } from 'node:test'
import { CODE_PROMPT, readDeviceCode } from '../../../../electron/cli/device-code.js'
import { UsageError } from '../../../../electron/cli/exit.js'

const CODE = 'yry3q5ksbqqmwt8i1sg8ejz8icb85rgjx5hue1mw5dnko8mw99cwjbzrdcdy9ohqr853rx9s8k9jqqs76kst4uhz9n9d5kctca1mnw7mgc'

function streams(tty: boolean): { input: PassThrough & { isTTY?: boolean }; prompt: PassThrough; written: () => string } {
  const input: PassThrough & { isTTY?: boolean } = new PassThrough()
  if (tty) input.isTTY = true
  const prompt = new PassThrough()
  let written = ''
  prompt.setEncoding('utf8').on('data', (c: string) => (written += c))
  return { input, prompt, written: () => written }
}

describe('readDeviceCode', () => {
  it('on a terminal: prompts once, reads the first line, and writes nothing else', async () => {
    const s = streams(true)
    const read = readDeviceCode(s)
    s.input.write(`  ${CODE.toUpperCase()}  \n`)
    assert.equal(await read, CODE)
    assert.equal(s.written(), CODE_PROMPT, 'only the prompt: the code is never printed back')
  })

  it('from a pipe: no prompt, the first non-empty line', async () => {
    const s = streams(false)
    const read = readDeviceCode(s)
    s.input.end(`\n\r\n${CODE}\r\nanything after\n`)
    assert.equal(await read, CODE)
    assert.equal(s.written(), '')
  })

  it('refuses nothing, an empty line on a terminal, and what is not a code, each in one line', async () => {
    const empty = streams(false)
    const nothing = readDeviceCode(empty)
    empty.input.end('')
    await assert.rejects(nothing, (err: unknown) => err instanceof UsageError && /needs the code .* pipe it in/.test(err.message))

    const enter = streams(true)
    const blank = readDeviceCode(enter)
    enter.input.write('\n')
    await assert.rejects(blank, UsageError)

    const typo = streams(false)
    const bad = readDeviceCode(typo)
    typo.input.end('not a code\n')
    await assert.rejects(bad, (err: unknown) => err instanceof UsageError && /not a device code/.test(err.message))
  })
})
