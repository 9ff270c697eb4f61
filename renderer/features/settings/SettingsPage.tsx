// Who you are (key, link, QR), your profile, your mirrors, and how the app looks.
import { useWhoAmI } from '../../api/queries.js'
import { KeyShare } from '../../components/KeyShare.js'
import { ProfileForm } from '../../components/ProfileForm.js'
import { ErrorNote, Loading } from '../../components/States.js'
import { useToast } from '../../components/Toast.js'
import { BackupIdentity } from './BackupIdentity.js'
import { DesktopNotificationsSetting } from './DesktopNotificationsSetting.js'
import { ExportArchive } from './ExportArchive.js'
import { HandleChecks } from './HandleChecks.js'
import { ImportTwitter } from './ImportTwitter.js'
import { LeaveAccount } from './LeaveAccount.js'
import { SeenReceipts } from './SeenReceipts.js'
import { MirrorsSettings } from './MirrorsSettings.js'
import { PostPreferences } from './PostPreferences.js'
import { StorageUsage } from './StorageUsage.js'

export function SettingsPage() {
  const me = useWhoAmI()
  const toast = useToast()
  if (me.loading) return <Loading />
  if (!me.data) return <ErrorNote error={me.error ?? 'Could not load your profile'} onRetry={() => void me.refetch()} />
  return (
    <div className="settings">
      <header className="page-header"><h1>Settings</h1></header>
      <section className="card" aria-labelledby="settings-identity">
        <h2 id="settings-identity">Your identity</h2>
        <KeyShare feed={me.data.key} />
      </section>
      <section className="card" aria-labelledby="settings-profile">
        <h2 id="settings-profile">Profile</h2>
        <ProfileForm key={`${me.data.profile.name}|${me.data.profile.bio}|${me.data.profile.avatar?.blob.blockOffset ?? ''}|${me.data.profile.handle ?? ''}`} initial={me.data.profile}
          submitLabel="Save profile" onSaved={() => toast('Profile saved')} />
      </section>
      <section className="card" aria-labelledby="settings-messages">
        <h2 id="settings-messages">Messages</h2>
        <SeenReceipts />
      </section>
      <section className="card" aria-labelledby="settings-privacy">
        <h2 id="settings-privacy">Privacy</h2>
        <HandleChecks />
      </section>
      <section className="card" aria-labelledby="settings-posts">
        <h2 id="settings-posts">Posts</h2>
        <PostPreferences />
      </section>
      <section className="card" aria-labelledby="settings-notifications">
        <h2 id="settings-notifications">Notifications</h2>
        <DesktopNotificationsSetting />
      </section>
      <section className="card" aria-labelledby="settings-import">
        <h2 id="settings-import">Import from Twitter/X</h2>
        <ImportTwitter />
      </section>
      <section className="card" aria-labelledby="settings-mirrors">
        <h2 id="settings-mirrors">Mirrors</h2>
        <MirrorsSettings peer={me.data.peer} />
      </section>
      <section className="card" aria-labelledby="settings-storage">
        <h2 id="settings-storage">Storage</h2>
        <StorageUsage />
      </section>
      <section className="card" aria-labelledby="settings-export">
        <h2 id="settings-export">Your data</h2>
        <ExportArchive />
      </section>
      <section className="card" aria-labelledby="settings-backup">
        <h2 id="settings-backup">Back up your identity</h2>
        <BackupIdentity />
      </section>
      <section className="card danger-zone" aria-labelledby="settings-leave">
        <h2 id="settings-leave">Delete your account</h2>
        <LeaveAccount left={me.data.profile.left === true} />
      </section>
      <section className="card" aria-labelledby="settings-look">
        <h2 id="settings-look">Appearance</h2>
        <p className="muted">rstatus follows your system's light or dark setting.</p>
      </section>
    </div>
  )
}
