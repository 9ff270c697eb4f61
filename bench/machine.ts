// The machine a run happened on, printed with every results table: timings only compare within one run.
import os from 'node:os'

export interface Machine {
  cpu: string
  cores: number
  ramGiB: number
  node: string
  platform: string
}

export function machine(): Machine {
  const cpus = os.cpus()
  return {
    cpu: (cpus[0]?.model ?? 'unknown').trim(),
    cores: cpus.length,
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`
  }
}

export function describeMachine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.platform}`
}
