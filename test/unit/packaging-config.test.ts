import { describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'

const config = createRequire(import.meta.url)('../../electron-builder.config.cjs') as Record<string, unknown> & {
  electronFuses: Record<string, boolean>
  files: string[]
}

describe('packaging configuration', () => {
  it('flips the Electron fuses that close Node-level backdoors', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
  })

  it('ships the build output only: no sources, tests, source maps or bench data', () => {
    expect(config.files).toContain('out/**/*')
    for (const excluded of ['!out/**/*.map', '!**/test/**', '!bench/**', '!src/**'])
      expect(config.files).toContain(excluded)
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**')
  })
})
