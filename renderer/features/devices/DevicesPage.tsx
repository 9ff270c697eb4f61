// One identity on several devices (PROTOCOL.md "Devices"): invite a device with a one-time code (shown as
// text and as a QR code), see the devices, remove a lost one. Only the first device writes the identity
// feed, so only it invites and removes.
import { useEffect, useState } from 'react'
import type { DeviceInfo, DeviceInvite } from '../../../shared/api/devices.js'
import { shortKey } from '../../../shared/keys.js'
import { useMutation } from '../../api/mutations.js'
import { useDevices } from '../../api/queries.js'
import { copyText } from '../../components/clipboard.js'
import { ConfirmDialog } from '../../components/ConfirmDialog.js'
import { DeviceJoinForm } from '../../components/DeviceJoinForm.js'
import { QrCode } from '../../components/QrCode.js'
import { ErrorNote, Loading } from '../../components/States.js'
import { useToast } from '../../components/Toast.js'

/** While an invite is open, the list is asked again this often, to show the new device when it joins. */
const POLL_MS = 2_000

export function DevicesPage() {
  const devices = useDevices()
  if (devices.loading) return <Loading />
  if (!devices.data) return <ErrorNote error={devices.error ?? 'Could not load your devices'} onRetry={() => void devices.refetch()} />
  const d = devices.data
  return (
    <div className="devices-page">
      <header className="page-header">
        <h1>Devices</h1>
        <p className="muted">
          Use one identity on several computers. Each device writes its own feed; your followers see one author,
          with one profile and one follow list.
        </p>
      </header>
      {d.canManage ? (
        <InviteCard known={d.devices.map((x) => x.key)} refetch={() => void devices.refetch()} />
      ) : (
        <p className="card muted">
          This device writes for the identity <code title={d.identity}>{shortKey(d.identity)}…</code>. Invite and remove
          devices from your first device.
        </p>
      )}
      <section className="card" aria-label="Your devices">
        <h2>Your devices</h2>
        <ul className="device-list">
          {d.devices.map((dev) => <DeviceRow key={dev.key} device={dev} canRemove={d.canManage && !dev.primary && dev.state !== 'removed'} />)}
        </ul>
      </section>
      {d.canJoin && (
        <details className="card">
          <summary>Use an identity you already have on another device</summary>
          <p className="muted">Only a fresh install can join: one that has not posted or set a profile yet.</p>
          <DeviceJoinForm />
        </details>
      )}
    </div>
  )
}

function InviteCard({ known, refetch }: { known: string[]; refetch: () => void }) {
  const invite = useMutation('deviceInvite')
  const cancel = useMutation('deviceInviteCancel')
  const toast = useToast()
  const [open, setOpen] = useState<{ invite: DeviceInvite; known: string[] } | null>(null)
  const joined = open ? known.find((k) => !open.known.includes(k)) : undefined
  const waiting = open !== null && joined === undefined && Date.now() < open.invite.expiresAt

  useEffect(() => {
    if (!waiting) return
    const timer = setInterval(refetch, POLL_MS)
    return () => clearInterval(timer)
  }, [waiting, refetch])

  async function start() {
    const outcome = await invite.run({})
    if (outcome.ok) setOpen({ invite: outcome.result, known })
  }

  async function stop(code: string) {
    const outcome = await cancel.run({ code })
    if (!outcome.ok) return
    setOpen(null)
    toast('Invite cancelled: the code no longer works')
  }

  return (
    <section className="card" aria-label="Invite a device">
      <h2>Invite a device</h2>
      {joined ? (
        <p className="success" role="status">A device joined: <code>{shortKey(joined)}…</code>. It is listed below.</p>
      ) : open ? (
        <div className="invite">
          <div>
            <p>
              On the new device, choose <strong>Pair this device</strong> (or run <code>rstatus device join</code>, which asks for it)
              and enter this one-time code. It works once, until{' '}
              {new Date(open.invite.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.
            </p>
            <code className="device-code" aria-label="One-time code">{open.invite.code}</code>
            <div className="form-actions">
              <button type="button" className="button small"
                onClick={async () => toast((await copyText(open.invite.code)) ? 'Code copied' : 'Select the code and copy it')}>
                Copy code
              </button>
              {waiting && (
                <button type="button" className="button small" disabled={cancel.pending} onClick={() => void stop(open.invite.code)}>
                  Cancel invite
                </button>
              )}
            </div>
            <p className="muted" role="status">{waiting ? 'Waiting for the new device…' : 'This code expired. Make a new one.'}</p>
          </div>
          <QrCode value={open.invite.code} label="QR code of the one-time code" />
        </div>
      ) : (
        <p className="muted">
          Makes a one-time code for a new device. Keep it to yourself: whoever uses it first can post as you.
        </p>
      )}
      {(!open || !waiting) && (
        <button type="button" className="button primary" disabled={invite.pending} onClick={() => void start()}>
          {open ? 'Make a new code' : 'Invite a device'}
        </button>
      )}
      {invite.error && <ErrorNote error={invite.error} />}
      {cancel.error && <ErrorNote error={cancel.error} />}
    </section>
  )
}

function DeviceRow({ device, canRemove }: { device: DeviceInfo; canRemove: boolean }) {
  const remove = useMutation('deviceRemove')
  const toast = useToast()
  const [confirming, setConfirming] = useState(false)
  const label = device.primary ? 'First device (your identity)' : `Device ${shortKey(device.key)}`
  const state =
    device.state === 'removed'
      ? `Removed: what it writes from block ${device.removedAfter} on is ignored`
      : device.state === 'pending'
        ? 'Waiting for its first sync'
        : 'Linked'
  return (
    <li aria-label={label}>
      <span className="device-text">
        <span>
          {label}
          {device.thisDevice && <span className="badge-soft">This device</span>}
        </span>
        <code className="person-key" title={device.key}>{device.key}</code>
        <span className="device-state">{state}</span>
      </span>
      {canRemove && (
        <button type="button" className="button small danger" disabled={remove.pending} aria-label={`Remove ${label}`}
          onClick={() => setConfirming(true)}>
          Remove
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title="Remove this device?"
          body="Everyone will ignore what it writes from now on. The statuses it already wrote stay. Do this for a lost or stolen device."
          confirmLabel="Remove"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            setConfirming(false)
            const outcome = await remove.run({ key: device.key })
            toast(outcome.ok ? 'Device removed' : `Could not remove it: ${outcome.error.message}`)
          }}
        />
      )}
    </li>
  )
}
