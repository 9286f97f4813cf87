/**
 * Writes src/sandbox/data/demo-words.json: the UK-flavoured names and address parts the sandbox
 * draws its people and firms from. Run once by hand (`npx tsx scripts/extract-demo-words.ts`)
 * when the lists should change; the app and the sandbox only read the JSON, so faker stays a
 * development dependency and never ships in the app.
 */
import { Faker, base, en, en_GB } from '@faker-js/faker'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'

const faker = new Faker({ locale: [en_GB, en, base], seed: 1 })

/** Draws until `count` draws in a row bring nothing new: the generator's whole vocabulary. */
function everyValue(draw: () => string, patience = 20_000): string[] {
  const seen = new Set<string>()
  for (let idle = 0; idle < patience;) {
    const value = draw()
    if (seen.has(value)) idle += 1
    else {
      seen.add(value)
      idle = 0
    }
  }
  return sorted(seen)
}
function sorted(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => a.localeCompare(b, 'en-GB'))
}
function sample(draw: () => string, count: number): string[] {
  const seen = new Set<string>()
  while (seen.size < count) seen.add(draw())
  return sorted(seen)
}

const words = {
  firstNames: everyValue(() => faker.person.firstName()),
  // Single surnames only: the generator joins two itself for a double-barrelled one.
  lastNames: sorted(new Set(en.person?.last_name?.generic ?? [])),
  streets: sample(() => faker.location.street(), 200),
  cities: sample(() => faker.location.city(), 200),
  counties: everyValue(() => faker.location.county()),
  postcodes: sample(() => faker.location.zipCode(), 200),
}
const out = resolve(import.meta.dirname, '../src/sandbox/data/demo-words.json')
writeFileSync(out, `${JSON.stringify(words)}\n`)
for (const [name, list] of Object.entries(words)) console.log(`${name}: ${list.length}`)
