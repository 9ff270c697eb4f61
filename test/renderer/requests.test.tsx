import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ALICE, BOB, FakeApi, ME, keyOf, makeStatus } from './fake-api.js'
import { renderApp } from './render.js'

const STRANGER = keyOf(7)

describe('requests, block and mute', () => {
  it('shows replies from people I do not follow under Requests, not at home', async () => {
    const api = new FakeApi()
    const mine = api.add(ME, 'my status')
    api.requestList = [makeStatus(STRANGER, 4, 'a reply from a stranger', { replyTo: mine.uri, root: mine.uri, author: { key: STRANGER, name: 'Stranger' } })]
    renderApp(api, '#/home')
    const user = userEvent.setup()
    expect(await screen.findByText('my status')).toBeTruthy()
    expect(screen.queryByText('a reply from a stranger')).toBeNull()
    await user.click(screen.getByRole('link', { name: 'Requests' }))
    expect(await screen.findByRole('heading', { name: 'Requests' })).toBeTruthy()
    expect(await screen.findByText('a reply from a stranger')).toBeTruthy()
    expect(api.callsOf('requests').length).toBeGreaterThan(0)
  })

  it('says so when there are no requests', async () => {
    renderApp(new FakeApi(), '#/requests')
    expect(await screen.findByRole('heading', { name: 'No requests' })).toBeTruthy()
  })

  it('blocks from a profile, after asking, with the option to delete what is held', async () => {
    const api = new FakeApi()
    renderApp(api, `#/profile/${ALICE}`)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Block alice' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Block alice?' })
    const erase = within(dialog).getByRole('checkbox', { name: /delete what this device holds/ }) as HTMLInputElement
    expect(erase.checked).toBe(true)
    await user.click(erase)
    await user.click(within(dialog).getByRole('button', { name: 'Block' }))
    expect(api.callsOf('block')).toEqual([{ key: ALICE, deleteData: false }])
    await user.click(await screen.findByRole('button', { name: 'Unblock alice' }))
    expect(api.callsOf('unblock')).toEqual([{ key: ALICE }])
  })

  it('mutes the author of a status from the status itself', async () => {
    const api = new FakeApi()
    api.following.add(BOB)
    api.add(BOB, 'bob talks a lot')
    renderApp(api, '#/home')
    const user = userEvent.setup()
    const status = (await screen.findByText('bob talks a lot')).closest('article')!
    await user.click(within(status as HTMLElement).getByRole('button', { name: 'Mute or block bob' }))
    const dialog = screen.getByRole('alertdialog', { name: 'bob' })
    await user.click(within(dialog).getByRole('button', { name: 'Mute' }))
    expect(api.callsOf('mute')).toEqual([{ key: BOB }])
    expect(await screen.findByText('Muted bob')).toBeTruthy()
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('offers no mute or block on my own statuses', async () => {
    const api = new FakeApi()
    api.add(ME, 'mine')
    renderApp(api, '#/home')
    const status = (await screen.findByText('mine')).closest('article') as HTMLElement
    expect(within(status).queryByRole('button', { name: /Mute or block/ })).toBeNull()
    expect(within(status).getByRole('button', { name: 'Delete' })).toBeTruthy()
  })
})
