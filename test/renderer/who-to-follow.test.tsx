import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { feedUri } from '../../shared/keys.js'
import { ALICE, BOB, FakeApi, keyOf, makeStatus } from './fake-api.js'
import { renderApp } from './render.js'

const DEE = keyOf(11)

describe('who to follow', () => {
  it('lists friends of friends with counts, previews one, and follows', async () => {
    const api = new FakeApi()
    api.suggestionList = [
      {
        profile: { key: DEE, uri: feedUri(DEE), name: null, bio: '', statuses: 0 },
        count: 3,
        followedBy: [{ key: ALICE, name: 'alice' }, { key: BOB, name: 'bob' }]
      }
    ]
    api.previews.set(DEE, {
      profile: { key: DEE, uri: feedUri(DEE), name: 'Dee', bio: 'Knits.', statuses: 2 },
      statuses: [makeStatus(DEE, 1, 'dee writes', { author: { key: DEE, name: 'Dee' } })],
      length: 2,
      reachable: true
    })
    renderApp(api, '#/follow')
    const user = userEvent.setup()
    const section = await screen.findByRole('region', { name: 'Who to follow' })
    const row = await within(section).findByLabelText('Suggestion: Dee')
    expect(within(row).getByText('Followed by alice, bob and 1 other you follow')).toBeTruthy()
    await user.click(within(row).getByRole('button', { name: 'Preview' }))
    expect(await within(row).findByText('dee writes')).toBeTruthy()
    await user.click(within(row).getByRole('button', { name: 'Follow Dee' }))
    expect(api.callsOf('follow')).toEqual([{ key: DEE }])
  })

  it('explains where suggestions come from when there are none', async () => {
    renderApp(new FakeApi(), '#/follow')
    expect(await screen.findByText(/public follow lists of the people you follow/)).toBeTruthy()
  })
})
