import { describe, expect, it } from 'vitest'
import { SEED_PREFIXES, seedExample, seedPageExample, seedsAvailable } from '../support/sandbox-seeds'

// The fixtures are verbatim copies of the seed pages' response examples. Where the pages are
// beside the repository (developers' machines, CI), check the copies have not drifted.
describe.runIf(seedsAvailable)('seed fixtures', () => {
  it.each(SEED_PREFIXES)('seed page %s matches its fixture', (prefix) => {
    expect(seedExample(prefix)).toEqual(seedPageExample(prefix))
  })
})
