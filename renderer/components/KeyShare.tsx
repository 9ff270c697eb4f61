// The user's key as people share it: the key with Copy, the rstatus:// link with Copy, and a QR code.
import { useId } from 'react'
import { feedUri } from '../../shared/keys.js'
import { copyText } from './clipboard.js'
import { CopyIcon } from './icons.js'
import { QrCode } from './QrCode.js'
import { useToast } from './Toast.js'

export function KeyShare({ feed, showQr = true }: { feed: string; showQr?: boolean }) {
  const toast = useToast()
  const id = useId()
  const link = feedUri(feed)
  const copy = async (what: string, text: string) => {
    toast((await copyText(text)) ? `${what} copied` : `Select and copy: ${text}`)
  }
  return (
    <div className="key-share">
      <div className="key-share-text">
        <p className="key-share-hint">Share this to gain followers: anyone who follows your key gets your statuses.</p>
        <div className="key-row">
          <span className="key-label" id={`${id}-key`}>Your key</span>
          <code className="key-value" aria-labelledby={`${id}-key`}>{feed}</code>
          <button type="button" className="button small" onClick={() => void copy('Key', feed)}>
            <CopyIcon /> Copy key
          </button>
        </div>
        <div className="key-row">
          <span className="key-label" id={`${id}-link`}>Your link</span>
          <code className="key-value" aria-labelledby={`${id}-link`}>{link}</code>
          <button type="button" className="button small" onClick={() => void copy('Link', link)}>
            <CopyIcon /> Copy link
          </button>
        </div>
      </div>
      {showQr && <QrCode value={link} label={`QR code of your link ${link}`} />}
    </div>
  )
}
