// The handlers of shared/api/account.ts: the identity backup, the Twitter/X import, the export archive and
// deleting the account (account/, twitter-import/).
import type { account, IdentityBackup } from '../../../shared/api/account.js'
import { RstatusError } from '../../../shared/errors.js'
import { buildExport, type ExportServices } from '../account/export-archive.js'
import { leaveAccount, type LeaveServices } from '../account/leave.js'
import type { Media } from '../media/media.js'
import type { TwitterImporter } from '../twitter-import/importer.js'
import type { ViewStore } from '../views/worker.js'
import type { OwnFeed } from '../writer/own-feed.js'
import type { AreaHandlers } from './api.js'

export interface AccountServices extends ExportServices, LeaveServices {
  own: Pick<OwnFeed, 'key' | 'core' | 'markLeft'>
  views: Pick<ViewStore, 'profile' | 'following'>
  media: Pick<Media, 'ownKey' | 'uploads'>
  importer: Pick<TwitterImporter, 'start' | 'status'>
  /** The identity backup: as secret as the data directory. */
  backup(): IdentityBackup
}

export function accountHandlers(s: AccountServices): AreaHandlers<typeof account> {
  return {
    exportIdentity: async () => s.backup(),
    async importTwitter({ upload, path }) {
      if ((upload === undefined) === (path === undefined)) {
        throw new RstatusError('INVALID_INPUT', 'Give either an upload or a path of a Twitter/X archive')
      }
      if (upload !== undefined) {
        const taken = s.media.uploads.take(upload)
        return s.importer.start(taken.file, taken.release)
      }
      return s.importer.start(path!)
    },
    async importStatus() {
      return s.importer.status
    },
    exportArchive: () => buildExport(s),
    leave: () => leaveAccount(s)
  }
}
