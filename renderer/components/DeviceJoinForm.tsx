// Pair this device with an identity used elsewhere: paste the one-time code the first device shows. Only a
// fresh install can join (the engine refuses otherwise), so onboarding offers it before a name is chosen.
import { useEffect, useId, useState, type FormEvent } from 'react'
import { useMutation } from '../api/mutations.js'
import { useWhoAmI } from '../api/queries.js'
import { ErrorNote } from './States.js'

const PROFILE_POLL_MS = 2_000

export function DeviceJoinForm({ onJoined }: { onJoined?: (identity: string) => void }) {
  const id = useId()
  const [code, setCode] = useState('')
  const join = useMutation('deviceJoin')
  const [joined, setJoined] = useState<string | null>(null)
  const whoami = useWhoAmI()
  const refetchWhoAmI = whoami.refetch

  // The identity's profile comes from the other device: ask again until it is here.
  const waitingForProfile = joined !== null && whoami.data?.profile.name === null
  useEffect(() => {
    if (!waitingForProfile) return
    const timer = setInterval(() => void refetchWhoAmI(), PROFILE_POLL_MS)
    return () => clearInterval(timer)
  }, [waitingForProfile, refetchWhoAmI])

  async function submit(e: FormEvent) {
    e.preventDefault()
    const outcome = await join.run({ code: code.trim() })
    if (outcome.ok) {
      setJoined(outcome.result.identity)
      onJoined?.(outcome.result.identity)
    }
  }

  if (joined) {
    return (
      <p className="success" role="status">
        Paired. This device now writes for your identity; your profile and statuses arrive from your other devices.
      </p>
    )
  }
  return (
    <form className="device-join" onSubmit={submit}>
      <label htmlFor={id}>Code from your other device</label>
      <p className="muted">
        On the device you already use, open Devices and choose Invite a device (or run <code>rstatus device invite</code>),
        then paste the code here.
      </p>
      <div className="inline-field">
        <input id={id} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false}
          placeholder="The one-time code" />
        <button type="submit" className="button primary" disabled={!code.trim() || join.pending}>
          {join.pending ? 'Pairing… (up to a minute)' : 'Pair this device'}
        </button>
      </div>
      {join.error && <ErrorNote error={join.error} />}
    </form>
  )
}
