// This device's messaging secrets: the identity's messaging seeds, one per generation, which every device of
// the identity shares, and the device's own box key pair, to which other devices hand those seeds over.
// Generation 0 of an identity rstatus made derives from the first device's primary key, so it is never
// written here; every other seed is kept in a file readable only by the user, like the primary key itself.
import fs from 'node:fs'
import { deviceBoxKeyPair, firstIdentitySeed, identityKeys, sameBytes, type IdentityKeys, type KeyPair } from './crypto.js'
import type { PublishedMessagingKey } from './published-keys.js'

/** The file, in the data directory, that holds the seeds a device did not derive itself. */
export const KEYRING_FILE = 'messaging-keys.json'

export interface KeyringOptions {
  /** This device's Corestore primary key. */
  primaryKey: Buffer
  /** True on the identity's first device, whose primary key derives generation 0. */
  firstDevice: boolean
  /** Where received and rotated seeds are kept; null keeps them in memory only (tests). */
  file: string | null
}

export interface SeedExport {
  generation: number
  seed: string
}

export class Keyring {
  readonly device: KeyPair
  private readonly byGeneration = new Map<number, IdentityKeys>()

  constructor(private readonly opts: KeyringOptions) {
    this.device = deviceBoxKeyPair(opts.primaryKey)
    if (opts.firstDevice) this.put(identityKeys(firstIdentitySeed(opts.primaryKey), 0))
    for (const { generation, seed } of readSeeds(opts.file)) this.put(identityKeys(Buffer.from(seed, 'hex'), generation))
  }

  /** Every generation held, oldest first. */
  all(): IdentityKeys[] {
    return [...this.byGeneration.values()].sort((a, b) => a.generation - b.generation)
  }

  current(): IdentityKeys | null {
    return this.all().at(-1) ?? null
  }

  get(generation: number): IdentityKeys | null {
    return this.byGeneration.get(generation) ?? null
  }

  /**
   * Adds a seed if it derives exactly the keys the identity published for some generation; answers which
   * generation, or null for a seed that matches none (it is not added).
   */
  addSeed(seed: Buffer, published: PublishedMessagingKey[]): number | null {
    for (const p of published) {
      const keys = identityKeys(seed, p.generation)
      if (sameBytes(keys.sign.publicKey, p.sign) && sameBytes(keys.box.publicKey, p.box)) {
        if (!this.byGeneration.has(p.generation)) {
          this.put(keys)
          this.save()
        }
        return p.generation
      }
    }
    return null
  }

  /** A new generation with a random seed, to publish after a device is removed. */
  rotate(seed: Buffer): IdentityKeys {
    const keys = identityKeys(seed, (this.current()?.generation ?? -1) + 1)
    this.put(keys)
    this.save()
    return keys
  }

  /** The seeds a backup carries, hex. */
  export(): SeedExport[] {
    return this.all().map((k) => ({ generation: k.generation, seed: k.seed.toString('hex') }))
  }

  /** Restores seeds from a backup: kept as given, since the backup is the person's own. */
  import(seeds: SeedExport[]): void {
    for (const { generation, seed } of parseSeeds(seeds)) if (!this.byGeneration.has(generation)) this.put(identityKeys(Buffer.from(seed, 'hex'), generation))
    this.save()
  }

  private put(keys: IdentityKeys): void {
    this.byGeneration.set(keys.generation, keys)
  }

  private save(): void {
    if (!this.opts.file) return
    const derived = this.opts.firstDevice ? 0 : -1
    const seeds = this.export().filter((s) => s.generation !== derived)
    const tmp = `${this.opts.file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, JSON.stringify({ seeds }), { mode: 0o600 })
    fs.renameSync(tmp, this.opts.file)
  }
}

function readSeeds(file: string | null): SeedExport[] {
  if (!file) return []
  try {
    return parseSeeds((JSON.parse(fs.readFileSync(file, 'utf8')) as { seeds?: unknown }).seeds)
  } catch {
    // Missing or damaged: a linked device gets the seeds again from another device (docs/PROTOCOL.md).
    return []
  }
}

export function parseSeeds(value: unknown): SeedExport[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (s): s is SeedExport =>
      typeof s === 'object' &&
      s !== null &&
      Number.isSafeInteger(s.generation) &&
      s.generation >= 0 &&
      typeof s.seed === 'string' &&
      /^[0-9a-f]{64}$/.test(s.seed)
  )
}
