import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { MirrorsSettings } from '../../renderer/features/settings/MirrorsSettings.js'
import { ALICE, BOB, FakeApi } from './fake-api.js'
import { renderWithApi } from './render.js'

describe('the Mirrors settings', () => {
  it('shows each mirror: reachable or not, how much it holds, how far behind', async () => {
    const api = new FakeApi()
    api.mirrors = [
      { key: ALICE, reachable: true, held: 12, behind: 0 },
      { key: BOB, reachable: true, held: 4, behind: 8 }
    ]
    renderWithApi(<MirrorsSettings peer="peerkey" />, api)
    const list = await screen.findByRole('list', { name: 'Your mirrors' })
    const rows = within(list).getAllByRole('listitem')
    expect(within(rows[0]!).getByText('Reachable · holds everything (12 blocks)')).toBeTruthy()
    expect(within(rows[1]!).getByText('Reachable · holds 4 blocks, 8 behind')).toBeTruthy()
    expect(screen.getByText(/rstatus mirror serve --trust peerkey/)).toBeTruthy()
  })

  it('adds a mirror by key, says why a bad key is refused, and removes one after asking', async () => {
    const { api } = renderWithApi(<MirrorsSettings peer="peerkey" />, new FakeApi())
    const user = userEvent.setup()
    expect(await screen.findByText('No mirrors yet')).toBeTruthy()

    await user.type(screen.getByLabelText('Mirror key'), 'not a key')
    await user.click(screen.getByRole('button', { name: 'Add mirror' }))
    expect((await screen.findByRole('alert')).textContent).toMatch(/Not a feed key/)

    await user.clear(screen.getByLabelText('Mirror key'))
    await user.type(screen.getByLabelText('Mirror key'), ` ${ALICE} `)
    await user.click(screen.getByRole('button', { name: 'Add mirror' }))
    expect(api.callsOf('mirrorAdd').at(-1)).toEqual({ key: ALICE })
    const list = await screen.findByRole('list', { name: 'Your mirrors' })
    expect(within(list).getByText('Not reachable now')).toBeTruthy()

    await user.click(within(list).getByRole('button', { name: `Remove mirror ${ALICE}` }))
    await user.click(await screen.findByRole('button', { name: 'Remove' }))
    expect(api.callsOf('mirrorRemove')).toEqual([{ key: ALICE }])
    expect(await screen.findByText('No mirrors yet')).toBeTruthy()
  })
})
