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

describe('installers', () => {
  it('builds AppImage and deb on Linux, dmg on macOS and NSIS on Windows, with the app icon', async () => {
    const { existsSync } = await import('node:fs')
    const c = config as unknown as Record<string, { target?: string[]; icon?: string }> & {
      icon: string
      appId: string
      productName: string
    }
    expect(c.linux?.target).toEqual(['AppImage', 'deb'])
    expect(c.mac?.target).toEqual(['dmg'])
    expect(c.win?.target).toEqual(['nsis'])
    expect(c.appId).toBe('com.plannr.desktop')
    expect(c.productName).toBe('Plannr Desktop')
    expect(existsSync(c.icon)).toBe(true)
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(existsSync(`build/icons/${size}x${size}.png`)).toBe(true)
  })

  it('has an `npm run dist` that gets the Electron binary, builds, then packages for the current OS', async () => {
    const { readFileSync } = await import('node:fs')
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.dist).toMatch(
      /^node scripts\/ensure-electron\.mjs && electron-vite build && electron-builder --config electron-builder\.config\.cjs$/,
    )
    // Packaging reuses the binary that step downloaded instead of fetching Electron a second time.
    expect(config.electronDist).toBe('node_modules/electron/dist')
  })
})
