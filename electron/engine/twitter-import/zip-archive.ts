// Reading a zip without loading it whole: a Twitter/X archive with its media can be gigabytes. The central
// directory is read once (yauzl, which handles ZIP64 and checks sizes and CRCs); each file is read on
// demand, and refused when it is larger than the caller will take.
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { RstatusError } from '../../../shared/errors.js'

export interface ZipArchive {
  names(): string[]
  /** The file's bytes; null when it is not in the archive or larger than maxBytes. */
  read(name: string, maxBytes: number): Promise<Buffer | null>
  close(): void
}

export async function openZip(file: string): Promise<ZipArchive> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, z) => {
      if (err || !z) reject(notAZip())
      else resolve(z)
    })
  })
  const entries = new Map<string, Entry>()
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry)
        zip.readEntry()
      })
      zip.once('end', () => resolve())
      zip.once('error', () => reject(notAZip()))
      zip.readEntry()
    })
  } catch (err) {
    zip.close()
    throw err
  }

  return {
    names: () => [...entries.keys()],
    async read(name, maxBytes) {
      const entry = entries.get(name)
      if (!entry || entry.uncompressedSize > maxBytes) return null
      return new Promise<Buffer>((resolve, reject) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(damaged(name))
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.once('end', () => resolve(Buffer.concat(chunks)))
          stream.once('error', () => reject(damaged(name)))
        })
      })
    },
    close: () => zip.close()
  }
}

function notAZip(): RstatusError {
  return new RstatusError('INVALID_INPUT', 'The file is not a zip archive, or it is damaged')
}

function damaged(name: string): RstatusError {
  return new RstatusError('INVALID_INPUT', `The archive's file ${name} is damaged`)
}
