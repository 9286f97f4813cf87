import { describe, expect, it } from 'vitest'
import { builtinModules, createRequire } from 'node:module'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

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

/**
 * Every module the main bundle can load, starting at src/main/index.ts and following static and
 * dynamic imports (demo mode loads the sandbox with `import()`), with the packages they import.
 */
function mainImportGraph(): { files: string[]; packages: Map<string, string> } {
  const root = resolve(import.meta.dirname, '../..')
  const files: string[] = []
  const packages = new Map<string, string>()
  const queue = [join(root, 'src/main/index.ts')]
  const seen = new Set(queue)
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    files.push(relative(root, file))
    if (!file.endsWith('.ts')) continue
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) {
        if (!packages.has(fileName)) packages.set(fileName, relative(root, file))
        continue
      }
      const base = resolve(dirname(file), fileName)
      const target = [base, `${base}.ts`, join(base, 'index.ts')].find(
        (candidate) => existsSync(candidate) && !statSync(candidate).isDirectory(),
      )
      if (!target) throw new Error(`${relative(root, file)} imports ${fileName}, which does not resolve`)
      if (!seen.has(target)) {
        seen.add(target)
        queue.push(target)
      }
    }
  }
  return { files, packages }
}

describe('what the app ships', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
  }

  it('keeps faker a development dependency: the app never installs it', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('@faker-js/faker')
    expect(Object.keys(pkg.devDependencies)).toContain('@faker-js/faker')
  })

  it('builds main (demo mode and its sandbox included) without faker', () => {
    const { files, packages } = mainImportGraph()
    // The walk does reach the demo sandbox's data generator, so a faker import there would show.
    expect(files).toContain('src/sandbox/data/generate.ts')
    expect(files).toContain('src/sandbox/data/demo-words.json')
    const faker = [...packages].filter(([name]) => name === '@faker-js/faker' || name.startsWith('@faker-js/'))
    expect(faker).toEqual([])
  })

  it('imports in main only what the app installs (its dependencies), Electron and Node built-ins', () => {
    // Main's dependencies are left outside the bundle and installed with the app; anything else
    // it imports is bundled, which a development-only generator of 3.9 MB must not be.
    const allowed = new Set([...Object.keys(pkg.dependencies), 'electron'])
    const { packages } = mainImportGraph()
    const builtin = (name: string) => name.startsWith('node:') || builtinModules.includes(name.split('/')[0] ?? '')
    const unexpected = [...packages].filter(([name]) => !builtin(name) && !allowed.has(name))
    expect(unexpected).toEqual([])
  })
})
