import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { StatusText } from '../../renderer/components/StatusText.js'
import { cleanName, textWithNames } from '../../shared/mention-display.js'
import { collapseBlankLines, richParts } from '../../renderer/components/rich-text.js'
import { mentionToken, mentionsToSend } from '../../renderer/components/mention-draft.js'
import { ALICE, BOB, keyOf } from './fake-api.js'
import { renderWithApi } from './render.js'

describe('names in status text', () => {
  it('shows a mention as the name of the profile held, linking to the key the status stores', () => {
    renderWithApi(<StatusText text={`hi @ally and @${BOB}`} mentions={[
      { key: ALICE, name: 'ally', profileName: 'Alice', nameShared: false },
      { key: BOB, name: BOB, profileName: 'Bob', nameShared: false }
    ]} />)
    const alice = screen.getByRole('link', { name: '@Alice' })
    expect(alice.getAttribute('href')).toBe(`#/profile/${ALICE}`)
    expect(screen.getByRole('link', { name: '@Bob' }).getAttribute('href')).toBe(`#/profile/${BOB}`)
    expect(document.body.textContent).not.toContain(BOB)
  })

  it('shows the key beside a name someone else has too, and where no profile is held', () => {
    const stranger = keyOf(50)
    renderWithApi(<StatusText text={`@alice @who @${stranger}`} mentions={[
      { key: ALICE, name: 'alice', profileName: 'Alice', nameShared: true },
      { key: BOB, name: 'who', profileName: null, nameShared: false },
      { key: stranger, name: stranger, profileName: null, nameShared: false }
    ]} />)
    expect(screen.getByRole('link', { name: `@Alice (${ALICE.slice(0, 8)})` })).toBeTruthy()
    expect(screen.getByRole('link', { name: `@who (${BOB.slice(0, 8)})` })).toBeTruthy()
    expect(screen.getByRole('link', { name: `@${stranger.slice(0, 8)}` })).toBeTruthy()
  })

  it('isolates names and text: a name cannot reverse what follows it', () => {
    const evil = 'Mallory\u202Eevil\u2066'
    expect(cleanName(evil)).toBe('Malloryevil')
    expect(cleanName('\u202E')).toBeNull()
    const { container } = renderWithApi(<StatusText text="@m says hi" mentions={[{ key: ALICE, name: 'm', profileName: evil, nameShared: false }]} />)
    const p = container.querySelector('p')!
    expect(p.getAttribute('dir')).toBe('auto')
    expect(p.querySelector('bdi')?.textContent).toBe('Malloryevil')
    expect(p.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/)
  })

  it('writes mentions as names in plain text, for the CLI', () => {
    expect(textWithNames('hi @ally and @who!', [
      { key: ALICE, name: 'ally', profileName: 'Alice', nameShared: false },
      { key: BOB, name: 'who', profileName: null, nameShared: false }
    ])).toBe(`hi @Alice and @who (${BOB.slice(0, 8)})!`)
    expect(textWithNames('no mentions @here', [])).toBe('no mentions @here')
  })

  it('collapses runs of blank lines into one', () => {
    expect(collapseBlankLines('a\n\n\n\n\nb\n \n  \nc\n\nd')).toBe('a\n\nb\n\nc\n\nd')
    const { container } = renderWithApi(<StatusText text={'top\n\n\n\n\n\nbottom'} />)
    expect(container.querySelector('p')!.textContent).toBe('top\n\nbottom')
  })
})

describe('the link parser', () => {
  it('opens rstatus:// links in the app: a profile link the profile, a status link the thread', () => {
    expect(richParts(`see rstatus://${ALICE} and rstatus://${BOB}/12.`)).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'app-link', text: `rstatus://${ALICE}`, key: ALICE },
      { kind: 'text', text: ' and ' },
      { kind: 'app-link', text: `rstatus://${BOB}/12`, key: BOB, seq: 12 },
      { kind: 'text', text: '.' }
    ])
    renderWithApi(<StatusText text={`rstatus://${BOB}/12`} />)
    expect(screen.getByRole('link').getAttribute('href')).toBe(`#/status/${BOB}/12`)
  })

  it('links bare www. addresses to https, without the sentence’s punctuation', () => {
    expect(richParts('go to www.example.org/boats, then home')).toEqual([
      { kind: 'text', text: 'go to ' },
      { kind: 'link', text: 'www.example.org/boats', href: 'https://www.example.org/boats' },
      { kind: 'text', text: ', then home' }
    ])
    expect(richParts('not a link: www.nodot or me@www.example.org').every((p) => p.kind === 'text' || p.kind === 'mention')).toBe(true)
    expect(richParts('rstatus://not-a-key stays text')).toEqual([{ kind: 'text', text: 'rstatus://not-a-key stays text' }])
  })

  it('makes URLs, #tags and @names in a bio links; @names search for the name', () => {
    renderWithApi(<StatusText bio text={'Sailor. https://boats.example #sailing, ask @Bob'} />)
    expect(screen.getByRole('link', { name: 'boats.example' }).getAttribute('href')).toBe('https://boats.example')
    expect(screen.getByRole('link', { name: '#sailing' }).getAttribute('href')).toBe('#/tag/sailing')
    expect(screen.getByRole('link', { name: '@Bob' }).getAttribute('href')).toBe('#/search?q=%40Bob')
  })
})

describe('mentions chosen in the composer', () => {
  it('writes a writable form of the name, and the key where the name is already written for someone else', () => {
    const ann = { key: ALICE, uri: '', name: 'Ann Example', bio: '', statuses: 0 }
    expect(mentionToken(ann, [])).toBe('Ann_Example')
    expect(mentionToken(ann, [{ name: 'ann_example', key: BOB }])).toBe(ALICE)
    expect(mentionToken({ ...ann, name: '!!!' }, [])).toBe(ALICE)
    expect(mentionsToSend('hi @Ann_Example', [{ name: 'Ann_Example', key: ALICE }, { name: 'gone', key: BOB }])).toEqual([{ name: 'Ann_Example', key: ALICE }])
  })
})
