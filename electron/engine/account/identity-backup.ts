// Backing up and restoring an identity. The identity is the Corestore's primary key: every key pair of the
// store, the feed's included, derives from it. A backup file is therefore as secret as the data directory.
import Corestore from 'corestore'
import ids from 'hypercore-id-encoding'
import fs from 'node:fs'
import path from 'node:path'
import type { IdentityBackup } from '../../../shared/api/account.js'
import { RstatusError } from '../../../shared/errors.js'
import { parseKey, type FeedKey } from '../../../shared/keys.js'
import { dataPaths, preparePrivateDir } from '../../platform/data-dir.js'
import type { MessagingBackup } from '../messages/messages.js'
import { RESTORED_MESSAGING_FILE } from '../messages/messaging.js'
import { RESTORED_PRIVATE_FILE, type PrivateBackup } from '../private-data/private-store.js'
import { OWN_FEED_NAME } from '../writer/own-feed.js'

export const BACKUP_TYPE = 'rstatus-identity'

export const TWO_MACHINES_WARNING =
  'Keep this file secret: whoever holds it can post as you. Run one identity on one machine at a time: ' +
  'two running copies write two different histories and fork your feed.'

export type { IdentityBackup }

/** `messaging`: the seeds and conversation secrets (messages/messages.ts exportBackup), so a restore reads them. */
export function makeBackup(
  store: Corestore & { primaryKey?: Buffer },
  feed: FeedKey,
  messaging: MessagingBackup | null = null,
  privateData: PrivateBackup | null = null
): IdentityBackup {
  if (!store.primaryKey) throw new RstatusError('INTERNAL', 'The store has no primary key yet')
  return {
    type: BACKUP_TYPE,
    version: 1,
    feed,
    primaryKey: store.primaryKey.toString('hex'),
    createdAt: Date.now(),
    warning: TWO_MACHINES_WARNING,
    ...(messaging ? { messaging } : {}),
    ...(privateData ? { privateData } : {})
  }
}

export function writeBackupFile(file: string, backup: IdentityBackup): void {
  try {
    fs.writeFileSync(file, JSON.stringify(backup, null, 2) + '\n', { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new RstatusError('INVALID_INPUT', `${file} already exists; choose a new file name`)
    }
    throw new RstatusError('INVALID_INPUT', `Could not write ${file}: ${(err as Error).message}`)
  }
}

export function readBackupFile(file: string): IdentityBackup {
  let value: unknown
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    throw new RstatusError('INVALID_INPUT', `${file} is not an rstatus identity backup (not readable JSON)`)
  }
  const v = value as Partial<IdentityBackup>
  if (typeof value !== 'object' || value === null || v.type !== BACKUP_TYPE || v.version !== 1) {
    throw new RstatusError('INVALID_INPUT', `${file} is not an rstatus identity backup`)
  }
  if (typeof v.primaryKey !== 'string' || !/^[0-9a-f]{64}$/.test(v.primaryKey)) {
    throw new RstatusError('INVALID_INPUT', `${file} is damaged: its key is not 64 hex digits`)
  }
  return { ...(v as IdentityBackup), feed: parseKey(v.feed) }
}

/**
 * Restores a backup into an empty data directory. The restored peer fetches its feed from the network before
 * it may post (see OwnFeed), so an old backup cannot fork the feed.
 */
export async function restoreIdentity(dataDir: string, backup: IdentityBackup): Promise<FeedKey> {
  const paths = dataPaths(dataDir)
  if (fs.existsSync(paths.store) && fs.readdirSync(paths.store).length > 0) {
    throw new RstatusError(
      'INVALID_INPUT',
      `${dataDir} already holds an identity; restore into a new, empty data directory (--data DIR)`
    )
  }
  preparePrivateDir(dataDir)
  const store = new Corestore(paths.store, { primaryKey: Buffer.from(backup.primaryKey, 'hex'), unsafe: true })
  try {
    const core = store.get({ name: OWN_FEED_NAME })
    await core.ready()
    const feed = ids.encode(core.key)
    if (feed !== backup.feed) {
      throw new RstatusError('INVALID_INPUT', 'The backup is damaged: its key does not produce the feed it names')
    }
    fs.writeFileSync(paths.restored, String(Date.now()), { mode: 0o600 })
    // The engine takes the conversations in on its first start (messages/messaging.ts).
    if (backup.messaging && typeof backup.messaging === 'object') {
      fs.writeFileSync(path.join(dataDir, RESTORED_MESSAGING_FILE), JSON.stringify(backup.messaging), { mode: 0o600 })
    }
    // And the private store its bookmarks, lists and drafts, into a core of the next incarnation (private-data/).
    if (backup.privateData && typeof backup.privateData === 'object') {
      fs.writeFileSync(path.join(dataDir, RESTORED_PRIVATE_FILE), JSON.stringify(backup.privateData), { mode: 0o600 })
    }
    return feed
  } finally {
    await store.close()
  }
}
