import { describe, expect, it } from 'vitest'
import { searchTokens, searchWords } from '../../src/renderer/src/data/search-words'

const person = (firstName: string, lastName: string, email: string | null = null) => ({
  firstName,
  lastName,
  name: `${firstName} ${lastName}`.trim(),
  email,
  primaryEmail: null,
})

// What a participant is found by, and what the user's typing is matched as.
describe('search words', () => {
  it('indexes each name word folded (case and accents), and the name as one phrase', () => {
    expect(new Set(searchWords(person('Zoë', 'Ó Briain')))).toEqual(new Set(['zoe', 'o', 'briain', 'zoe o briain']))
  })

  it('splits names on anything that is not a letter or digit', () => {
    const words = searchWords({
      firstName: 'Anne-Marie',
      lastName: "O'Neil",
      name: "Anne-Marie O'Neil",
      email: null,
      primaryEmail: null,
    })
    expect(words).toEqual(expect.arrayContaining(['anne', 'marie', 'o', 'neil', 'anne marie o neil']))
  })

  it('also joins up a word with an apostrophe of any kind, keeping its parts', () => {
    for (const lastName of ["O'Neil", 'O’Neil', 'Oʼneil']) {
      const words = searchWords(person('Anne', lastName))
      expect(words, lastName).toEqual(expect.arrayContaining(['o', 'neil', 'oneil']))
    }
  })

  it('adds no phrase for a one-word name', () => {
    const words = searchWords({ firstName: '', lastName: 'Acme', name: 'Acme', email: null, primaryEmail: null })
    expect(words).toEqual(['acme'])
  })

  it('indexes the whole email address and the words of its local part, not the domain’s', () => {
    const words = searchWords(person('Jane', 'Doe', ' Jane.Doe@Example.co.uk '))
    expect(words).toEqual(expect.arrayContaining(['jane.doe@example.co.uk', 'jane', 'doe']))
    expect(words).not.toContain('example')
  })

  it('indexes the primary address as well as the deprecated one, and either alone', () => {
    const both = searchWords({
      ...person('Jane', 'Doe', 'old@example.org'),
      primaryEmail: { value: 'Jane.Doe@Example.com' },
    })
    expect(both).toEqual(expect.arrayContaining(['jane.doe@example.com', 'jane', 'doe', 'old@example.org', 'old']))
    const primaryOnly = searchWords({ ...person('Jane', 'Doe'), primaryEmail: { value: 'jd@example.com' } })
    expect(primaryOnly).toEqual(expect.arrayContaining(['jd@example.com', 'jd']))
  })

  it('lists each word once', () => {
    const words = searchWords({
      firstName: 'Sam',
      lastName: 'Sam',
      name: 'Sam Sam',
      email: 'sam@x.io',
      primaryEmail: null,
    })
    expect(words.length).toBe(new Set(words).size)
    expect(new Set(words)).toEqual(new Set(['sam', 'sam sam', 'sam@x.io']))
  })

  it('handles a participant with no email and empty names', () => {
    expect(searchWords({ firstName: '', lastName: '', name: '', email: null, primaryEmail: null })).toEqual([])
    expect(searchWords({ firstName: '', lastName: '', name: '', email: '', primaryEmail: null })).toEqual([])
  })
})

describe('search tokens', () => {
  it('folds and splits typed text like names, dropping duplicates', () => {
    expect(searchTokens('  ZOË   o’briain zoe ')).toEqual(['zoe', 'o', 'briain'])
  })

  it('keeps a chunk with @ whole, as an email prefix', () => {
    expect(searchTokens('jane.doe@ex smith')).toEqual(['jane.doe@ex', 'smith'])
  })

  it('gives nothing for blank or punctuation-only input', () => {
    expect(searchTokens('')).toEqual([])
    expect(searchTokens('   ')).toEqual([])
    expect(searchTokens(' - , . ')).toEqual([])
  })

  it('finds what it indexes: every typed token is a prefix of some search word', () => {
    const words = searchWords(person('Zoë', 'Stanton-Green', 'zoe.sg@firm.example'))
    for (const typed of ['zo', 'STANTON', 'green', 'zoe.sg@f', 'Zoë Stant'])
      for (const token of searchTokens(typed))
        expect(
          words.some((word) => word.startsWith(token)),
          `${typed} → ${token}`,
        ).toBe(true)
  })
})
