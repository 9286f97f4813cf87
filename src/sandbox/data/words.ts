import { z } from 'zod'
import { createRng } from './rng'
import raw from './demo-words.json'

/*
 * The names and address parts people and firms are drawn from: plain lists in demo-words.json
 * (written once by scripts/extract-demo-words.ts from faker's en_GB locale), drawn with the
 * sandbox's own seeded PRNG. Demo mode runs this generator inside the app, so it must not need
 * faker (a 3.9 MB development dependency) at run time.
 */
const List = z.array(z.string().min(1)).min(1)
const DemoWords = z.object({
  firstNames: List,
  lastNames: List,
  streets: List,
  cities: List,
  counties: List,
  postcodes: List,
})
const WORDS = DemoWords.parse(raw)

export interface WordSource {
  firstName(): string
  /** A surname; one in ten double-barrelled, as in the UK. */
  lastName(): string
  /** A building number and a street: "42 Abbey Road". */
  streetAddress(): string
  street(): string
  city(): string
  county(): string
  postcode(): string
}

/**
 * A stream of words for `seed`, separate from the generator's main PRNG so that drawing a name
 * never shifts the uuids, dates and picks that follow it.
 */
export function createWordSource(seed: number): WordSource {
  const rng = createRng((seed ^ 0x5eed_0a3e) >>> 0)
  const lastName = (): string => rng.pick(WORDS.lastNames)
  return {
    firstName: () => rng.pick(WORDS.firstNames),
    lastName: () => (rng.chance(0.1) ? `${lastName()}-${lastName()}` : lastName()),
    streetAddress: () => `${rng.int(1, 299)} ${rng.pick(WORDS.streets)}`,
    street: () => rng.pick(WORDS.streets),
    city: () => rng.pick(WORDS.cities),
    county: () => rng.pick(WORDS.counties),
    postcode: () => rng.pick(WORDS.postcodes),
  }
}
