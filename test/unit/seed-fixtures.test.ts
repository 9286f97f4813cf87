import { describe, expect, it } from 'vitest'
import { SEED_PREFIXES, seedExample, seedPageExample, seedsAvailable } from '../support/sandbox-seeds'
import { skipBecause } from '../support/skip'

// The fixtures are verbatim copies of the seed pages' response examples. Where the pages are
// beside the repository (developers' machines, CI), check the copies have not drifted.
describe('seed fixtures', () => {
  it.for(SEED_PREFIXES)('seed page %s matches its fixture', (prefix, ctx) => {
    if (!seedsAvailable) skipBecause(ctx, 'the Plannr API seed pages are not beside this clone')
    expect(seedExample(prefix)).toEqual(seedPageExample(prefix))
  })
})
