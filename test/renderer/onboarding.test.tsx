import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FakeApi, ME } from './fake-api.js'
import { renderApp } from './render.js'

describe('first run', () => {
  it('asks for a name and bio, shows the key to share, then lands on home', async () => {
    const api = new FakeApi({ myName: null })
    renderApp(api)
    const user = userEvent.setup()
    await screen.findByRole('heading', { name: 'Welcome to rstatus' })
    const cont = screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement
    expect(cont.disabled).toBe(true)
    await user.type(screen.getByLabelText('Display name'), '  Ada  ')
    await user.type(screen.getByLabelText('Bio'), 'Counting engines.')
    await user.click(cont)
    expect(api.callsOf('setProfile')).toEqual([{ name: 'Ada', bio: 'Counting engines.' }])

    await screen.findByRole('heading', { name: "You're all set" })
    expect(screen.getByText(/share this to gain followers/i)).toBeTruthy()
    expect(screen.getByText(ME)).toBeTruthy()
    expect(screen.getByText(`rstatus://${ME}`)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Copy key' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Copy link' })).toBeTruthy()
    expect(screen.getByRole('img', { name: /QR code/ }).querySelector('path')?.getAttribute('d')).toMatch(/^M/)

    await user.click(screen.getByRole('button', { name: 'Go to your timeline' }))
    expect(await screen.findByRole('textbox', { name: "What's happening?" })).toBeTruthy()
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy()
  })

  it('says what went wrong when the name is refused', async () => {
    const api = new FakeApi({ myName: null })
    api.overrides.setProfile = () => {
      throw new Error('A display name can have at most 50 characters')
    }
    renderApp(api)
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Display name'), 'x')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect((await screen.findByRole('alert')).textContent).toBe('A display name can have at most 50 characters')
  })

  it('skips onboarding when the profile has a name', async () => {
    renderApp(new FakeApi({ myName: 'Me' }))
    await screen.findByRole('textbox', { name: "What's happening?" })
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Welcome to rstatus' })).toBeNull())
  })
})
