// `rstatus import-twitter`, `export` and `leave`. They work through the Api like every command,
// so they run the same against the engine in this process or a running `rstatus serve`.
import fs from 'node:fs'
import type { ImportProgress } from '../../shared/api/account.js'
import { LEAVE_CONFIRMATION } from '../../shared/api/account.js'
import type { ArchivedAttachment, ExportArchive } from '../../shared/archive.js'
import { printableText } from '../../shared/printable.js'
import { Failure } from './exit.js'
import type { Io } from './output.js'
import { writeOutputFile } from './output-file.js'
import type { Peer } from './peer.js'

const PROGRESS_POLL_MS = 500
const PROGRESS_LINE_MS = 1000

export async function importTwitter(zip: string, peer: Peer, io: Io): Promise<number> {
  if (!fs.existsSync(zip)) throw new Failure(`cannot find ${zip}`)
  const first = await peer.api.call('importTwitter', { path: zip })
  io.err(`importing ${first.total} tweet${first.total === 1 ? '' : 's'} from ${zip}`)
  let lastLine = 0
  let lastDone = -1
  const show = (p: ImportProgress) => {
    if (p.done === lastDone || Date.now() - lastLine < PROGRESS_LINE_MS) return
    lastLine = Date.now()
    lastDone = p.done
    io.err(progressLine(p))
  }
  const final = await new Promise<ImportProgress>((resolve, reject) => {
    const finish = (p: ImportProgress) => {
      clearInterval(poll)
      off()
      resolve(p)
    }
    const seen = (p: ImportProgress | null) => {
      if (!p || p.id !== first.id) return
      if (p.state === 'running') show(p)
      else finish(p)
    }
    const off = peer.api.on('importProgress', seen)
    // Events can be missed (a routed connection); the status is the source of truth.
    const poll = setInterval(() => {
      peer.api.call('importStatus', {}).then(seen, (err: unknown) => {
        clearInterval(poll)
        off()
        reject(err)
      })
    }, PROGRESS_POLL_MS)
  })
  io.err(progressLine(final))
  if (final.state === 'failed') throw new Failure(final.message ?? 'the import failed')
  const skipped = final.skipped > 0 ? `; ${final.skipped} skipped (${final.message ?? 'not importable'})` : ''
  io.out(`Imported ${final.added} tweet${final.added === 1 ? '' : 's'} with ${final.images} photo${final.images === 1 ? '' : 's'}${skipped}.`)
  return 0
}

export function progressLine(p: ImportProgress): string {
  const percent = p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100)
  return `importing: ${p.done}/${p.total} tweets (${percent}%), ${p.added} added, ${p.skipped} skipped, ${p.images} photos`
}

export async function exportArchive(file: string, opts: { media: boolean }, peer: Peer, io: Io): Promise<number> {
  const archive = await peer.api.call('exportArchive', {})
  if (opts.media) await embedMedia(archive, peer)
  // An export holds everything the account wrote: readable only by the person.
  writeOutputFile(file, JSON.stringify(archive, null, 1) + '\n', { mode: 0o600 })
  const n = archive.statuses.length
  io.out(
    `Exported ${n} status${n === 1 ? '' : 'es'}, ${archive.reposts.length} repost${archive.reposts.length === 1 ? '' : 's'} ` +
      `and ${archive.following.length} follow${archive.following.length === 1 ? '' : 's'} to ${file}`
  )
  return 0
}

/** Fetches each own image once and embeds it as base64. */
async function embedMedia(archive: ExportArchive, peer: Peer): Promise<void> {
  const attachments: ArchivedAttachment[] = archive.statuses.flatMap((s) => s.attachments ?? [])
  if (archive.profile.avatar) attachments.push(archive.profile.avatar)
  for (const a of attachments) {
    const { data } = await peer.api.call('blob', { feed: archive.key, blobs: a.blobs, blob: a.blob })
    a.data = data
  }
}

export async function leave(peer: Peer, io: Io): Promise<number> {
  await peer.goOnline()
  io.err('deleting your account: writing tombstones, then telling peers that are online')
  const result = await peer.api.call('leave', { confirm: LEAVE_CONFIRMATION })
  io.out(`Your account is deleted: ${result.records} record${result.records === 1 ? '' : 's'} written (tombstones, unlikes, unfollows), then a final profile.`)
  io.out(
    result.handedOff
      ? 'A peer took the final blocks and passes them on; your feed is no longer announced.'
      : 'No peer was online to take the final blocks: run rstatus leave --yes again while online, so followers learn of it.'
  )
  io.out(
    `People who hold your blocks keep them; compliant apps hide what the tombstones name. Your feed stays in ${printableText(peer.dataDir)} until you delete that folder.`
  )
  return 0
}
