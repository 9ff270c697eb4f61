// First run: a name and a bio, then the key to share, then the home timeline.
import { useState } from 'react'
import type { WhoAmI } from '../../../shared/api/profile.js'
import { DeviceJoinForm } from '../../components/DeviceJoinForm.js'
import { KeyShare } from '../../components/KeyShare.js'
import { ProfileForm } from '../../components/ProfileForm.js'

export function Onboarding({ me, onDone }: { me: WhoAmI; onDone: () => void }) {
  const [step, setStep] = useState<'profile' | 'share'>('profile')
  return (
    <main className="onboarding" aria-labelledby="onboarding-title">
      <div className="onboarding-card">
        <p className="brand-mark" aria-hidden="true">rstatus</p>
        {step === 'profile' ? (
          <>
            <h1 id="onboarding-title">Welcome to rstatus</h1>
            <p className="lede">
              Your statuses live on your own computer, in a feed signed by your key, and go straight to the people
              who follow you. No server, no company in between. Start with a name people will recognise.
            </p>
            <ProfileForm initial={me.profile} submitLabel="Continue" askHandle={false} onSaved={() => setStep('share')} />
            <details className="onboarding-join">
              <summary>Already use rstatus on another device? Pair this one instead</summary>
              <DeviceJoinForm onJoined={() => setStep('share')} />
            </details>
          </>
        ) : (
          <>
            <h1 id="onboarding-title">You're all set</h1>
            <p className="lede">
              This key is you on rstatus. Send it, or the link, to friends: when they follow it, they get your statuses.
            </p>
            <KeyShare feed={me.key} />
            <div className="form-actions">
              <button type="button" className="button primary" onClick={onDone} autoFocus>
                Go to your timeline
              </button>
            </div>
          </>
        )}
      </div>
    </main>
  )
}
