import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { StatusCard } from '../../renderer/components/status/StatusCard.js'
import { PinnedStatuses } from '../../renderer/features/profile/PinnedStatuses.js'
import { ALICE, FakeApi, ME, makeStatus } from './fake-api.js'
import { renderWithApi } from './render.js'

describe('the "…" menu of my own status', () => {
  it('edits the text and the warning in a dialog', async () => {
    const api = new FakeApi()
    const mine = makeStatus(ME, 5, 'frist post', { author: { key: ME, name: 'Me' } })
    api.overrides.edit = (p) => ({ ...mine, text: p.text, edited: 1 })
    api.overrides.pinned = () => []
    renderWithApi(<StatusCard status={mine} />, api)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'More actions' }))
    await user.click(screen.getByRole('menuitem', { name: 'Edit' }))
    const text = screen.getByRole('textbox', { name: 'Text' })
    await user.clear(text)
    await user.type(text, 'first post')
    await user.type(screen.getByRole('textbox', { name: 'Content warning (optional)' }), 'typo talk')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(api.callsOf('edit')).toEqual([{ uri: mine.uri, text: 'first post', cw: 'typo talk' }]))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('pins and unpins, and is not offered on others\' statuses', async () => {
    const api = new FakeApi()
    const mine = makeStatus(ME, 5, 'pin me', { author: { key: ME, name: 'Me' } })
    let pinned: typeof mine[] = []
    api.overrides.pinned = () => pinned
    api.overrides.pin = () => ((pinned = [mine]), { uri: `rstatus://${ME}/6` })
    renderWithApi(
      <>
        <StatusCard status={mine} />
        <StatusCard status={makeStatus(ALICE, 2, 'not mine', { author: { key: ALICE, name: 'alice' } })} />
      </>,
      api
    )
    const user = userEvent.setup()
    expect(await screen.findAllByRole('button', { name: 'More actions' })).toHaveLength(1)
    await user.click(screen.getByRole('button', { name: 'More actions' }))
    await user.click(screen.getByRole('menuitem', { name: 'Pin to profile' }))
    await waitFor(() => expect(api.callsOf('pin')).toEqual([{ of: mine.uri }]))
  })

  it('shows pinned statuses first on a profile', async () => {
    const api = new FakeApi()
    api.overrides.pinned = () => [makeStatus(ALICE, 3, 'my best one', { author: { key: ALICE, name: 'alice' } })]
    renderWithApi(<PinnedStatuses feed={ALICE} />, api)
    const section = await screen.findByRole('region', { name: 'Pinned statuses' })
    expect(section.textContent).toContain('Pinned')
    expect(section.textContent).toContain('my best one')
  })
})
