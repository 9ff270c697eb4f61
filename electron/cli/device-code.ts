// The pairing code of `rstatus device join`, read where other local users cannot see it. A command line is
// public on this computer (ps, /proc/PID/cmdline) for as long as the command runs, and pairing hands over
// the identity to whoever uses the code first; so the code comes from a prompt on a terminal, or from stdin.
import { deviceCode } from './device-args.js'
import { UsageError } from './exit.js'

export interface CodeInput {
  input: NodeJS.ReadableStream & { isTTY?: boolean }
  /** Where the prompt goes (stderr, so stdout stays the command's output). */
  prompt: NodeJS.WritableStream
}

/** More than any code and its line ending; what is piped in past this is not read. */
const MAX_INPUT = 4096

export const CODE_PROMPT = 'Device code (from rstatus device invite on your first device): '

/**
 * The first non-empty line: typed at a prompt on a terminal (which echoes it as any typed line; it is never
 * printed back), or piped in. Nothing but the prompt is written.
 */
export async function readDeviceCode({ input, prompt }: CodeInput): Promise<string> {
  if (input.isTTY) prompt.write(CODE_PROMPT)
  const line = await firstLine(input, input.isTTY === true)
  if (line === null) {
    throw new UsageError('device join needs the code that rstatus device invite printed: paste it at the prompt, or pipe it in (rstatus device join < code.txt)')
  }
  return deviceCode(line)
}

/** The first non-empty line of what is read until the end (on a terminal: the first line), or MAX_INPUT. */
function firstLine(input: NodeJS.ReadableStream, untilNewline: boolean): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let text = ''
    const stop = () => {
      input.off('data', onData)
      input.off('end', finish)
      input.off('error', fail)
      input.pause()
    }
    const finish = () => {
      stop()
      resolve(text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? null)
    }
    const fail = (err: Error) => {
      stop()
      reject(err)
    }
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString()
      if ((untilNewline && text.includes('\n')) || text.length > MAX_INPUT) finish()
    }
    input.on('data', onData)
    input.on('end', finish)
    input.on('error', fail)
    input.resume()
  })
}
