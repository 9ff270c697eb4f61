// Settings for posts: link cards when posting, and how content warnings are shown.
import { useState } from 'react'
import { usePostSettings, writePostSettings } from '../../components/status/post-settings.js'

export function PostPreferences() {
  const settings = usePostSettings()
  const [words, setWords] = useState(settings.hiddenWarningWords.join(', '))
  return (
    <div className="post-preferences">
      <label className="check">
        <input type="checkbox" checked={settings.linkCards} onChange={(e) => writePostSettings({ linkCards: e.target.checked })} />
        Add a preview of the first link when I post (this app fetches the page once; readers never do)
      </label>
      <label className="check">
        <input type="checkbox" checked={settings.expandWarnings} onChange={(e) => writePostSettings({ expandWarnings: e.target.checked })} />
        Always open content warnings
      </label>
      <p>
        <label htmlFor="hidden-warning-words">Hide statuses whose warning contains (comma-separated words)</label>
        <input id="hidden-warning-words" className="input" value={words} onChange={(e) => setWords(e.target.value)}
          onBlur={() => writePostSettings({ hiddenWarningWords: words.split(',').map((w) => w.trim()).filter((w) => w !== '') })} />
      </p>
    </div>
  )
}
