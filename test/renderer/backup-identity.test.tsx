import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BackupIdentity } from '../../renderer/features/settings/BackupIdentity.js'
import { FakeApi, ME } from './fake-api.js'
import { renderWithApi } from './render.js'

describe('backing up the identity', () => {
  afterEach(() => vi.restoreAllMocks())

  it('warns before it hands over the secret, then downloads it as a file', async () => {
    const api = new FakeApi()
    api.overrides.exportIdentity = () => ({
      type: 'rstatus-identity',
      version: 1,
      feed: ME,
      primaryKey: 'ab'.repeat(32),
      createdAt: 1,
      warning: 'w'
    })
    const created: Blob[] = []
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob)
      return 'blob:backup'
    })
    URL.revokeObjectURL = vi.fn()
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    renderWithApi(<BackupIdentity />, api)

    expect(screen.getByText(/Whoever holds the file can post as you/)).toBeTruthy()
    expect(screen.getByText(/fork your feed/)).toBeTruthy()
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Download a backup of my identity' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Download your secret key?' })
    expect(dialog.textContent).toMatch(/secret key your statuses are signed with/)
    expect(api.callsOf('exportIdentity')).toHaveLength(0)
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(api.callsOf('exportIdentity')).toHaveLength(0)

    await user.click(screen.getByRole('button', { name: 'Download a backup of my identity' }))
    await user.click(screen.getByRole('button', { name: 'Download the key file' }))
    expect(api.callsOf('exportIdentity')).toHaveLength(1)
    expect(click).toHaveBeenCalledOnce()
    expect(JSON.parse(await created[0]!.text()).feed).toBe(ME)
    expect(await screen.findByText('Saved. Keep the file somewhere only you can reach.')).toBeTruthy()
  })
})
