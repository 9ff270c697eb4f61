import { act, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ImportTwitter } from '../../renderer/features/settings/ImportTwitter.js'
import type { ImportProgress } from '../../shared/api/account.js'
import { FakeApi } from './fake-api.js'
import { renderWithApi } from './render.js'

const progress = (fields: Partial<ImportProgress>): ImportProgress => ({
  id: 'imp1', state: 'running', total: 200, done: 0, added: 0, skipped: 0, images: 0, message: null, ...fields
})

describe('importing a Twitter/X archive', () => {
  it('sends the zip, then shows a progress bar that follows the engine to the end', async () => {
    const api = new FakeApi()
    api.overrides.importStatus = () => null
    api.overrides.uploadBegin = () => ({ upload: 'zip1' })
    api.overrides.uploadChunk = ({ offset, data }) => ({ received: offset + atob(data).length })
    api.overrides.importTwitter = () => progress({})
    renderWithApi(<ImportTwitter />, api)
    const user = userEvent.setup()

    const zip = new File([new Uint8Array(2000).fill(1)], 'twitter-2024.zip', { type: 'application/zip' })
    await user.upload(screen.getByLabelText('Choose your archive (.zip)'), zip)
    await waitFor(() => expect(api.callsOf('importTwitter')).toEqual([{ upload: 'zip1' }]))
    const bar = await screen.findByRole('progressbar', { name: 'Import progress' })
    expect(bar.getAttribute('max')).toBe('200')

    act(() => api.emit('importProgress', progress({ done: 50, added: 48, skipped: 2, images: 7 })))
    expect(screen.getByRole('progressbar', { name: 'Import progress' }).getAttribute('value')).toBe('50')
    expect(screen.getByText('Importing: 50 of 200 tweets (48 added, 2 skipped, 7 photos)')).toBeTruthy()
    expect((screen.getByLabelText('Choose your archive (.zip)') as HTMLInputElement).disabled).toBe(true)

    act(() => api.emit('importProgress', progress({ state: 'done', done: 200, added: 190, skipped: 10, images: 30, message: 'retweets (other people’s words) were skipped' })))
    expect(screen.getByText('Import finished: 190 added, 10 skipped, 30 photos. Skipped: retweets (other people’s words) were skipped.')).toBeTruthy()
    expect((screen.getByLabelText('Choose your archive (.zip)') as HTMLInputElement).disabled).toBe(false)
  })

  it('shows an import already running when the page opens, and a refusal in one line', async () => {
    const api = new FakeApi()
    api.overrides.importStatus = () => progress({ done: 20, added: 20 })
    renderWithApi(<ImportTwitter />, api)
    expect(await screen.findByText('Importing: 20 of 200 tweets (20 added, 0 skipped, 0 photos)')).toBeTruthy()

    const other = new FakeApi()
    other.overrides.importStatus = () => null
    other.overrides.uploadBegin = () => ({ upload: 'zip2' })
    other.overrides.uploadChunk = () => ({ received: 3 })
    other.overrides.importTwitter = () => {
      throw new Error('This zip is not a Twitter/X archive: it has no data/tweets.js')
    }
    renderWithApi(<ImportTwitter />, other)
    const inputs = screen.getAllByLabelText('Choose your archive (.zip)')
    await userEvent.setup().upload(inputs[1]!, new File(['abc'], 'photos.zip', { type: 'application/zip' }))
    expect((await screen.findByRole('alert')).textContent).toBe('This zip is not a Twitter/X archive: it has no data/tweets.js')
  })
})
