// Whether this machine can run the lab: root, the tools, and namespaces with NAT. The answer is a reason
// it cannot (one line for the skip message), or null.
import { namespaceName, runId } from './runs.js'
import { run } from './shell.js'

/** Set by .ci/run: a lab that cannot run fails the run there instead of being skipped. */
export const REQUIRED = process.env.RSTATUS_NET_LAB === 'required'

export async function labUnavailable(): Promise<string | null> {
  if (process.platform !== 'linux') return 'it needs Linux network namespaces'
  if (process.getuid?.() !== 0) return 'it needs root (network namespaces and iptables)'
  for (const [tool, pkg] of [['ip', 'iproute2'], ['iptables', 'iptables'], ['conntrack', 'conntrack']] as const) {
    if ((await run(tool, ['-V'])).code !== 0) return `${tool} is missing (apt-get install ${pkg})`
  }
  const probe = namespaceName(runId(process.pid), 'probe')
  const made = await run('ip', ['netns', 'add', probe])
  if (made.code !== 0) return `network namespaces cannot be made here: ${firstLine(made.stderr)}`
  try {
    const nat = await run('ip', ['netns', 'exec', probe, 'iptables', '-t', 'nat', '-L', '-n'])
    if (nat.code !== 0) return `iptables NAT does not work in a namespace here: ${firstLine(nat.stderr)}`
    const ct = await run('ip', ['netns', 'exec', probe, 'conntrack', '-L'])
    if (ct.code !== 0) return `conntrack cannot read a namespace's NAT table here: ${firstLine(ct.stderr)}`
  } finally {
    await run('ip', ['netns', 'delete', probe])
  }
  return null
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? ''
}
