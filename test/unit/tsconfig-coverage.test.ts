import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'

/*
 * Every TypeScript source is type-checked, and by `npm run typecheck`: tsconfig.json references one
 * project per environment (Node, the page, e2e). Editors and ESLint's type-aware rules use those
 * references to find the project that owns a file, so a file that no referenced project includes
 * is checked by nobody, and a referenced project that `npm run typecheck` does not run is checked
 * only in the editor.
 */
const root = resolve(import.meta.dirname, '../..')

interface Reference {
  path: string
}
function readJson(path: string): unknown {
  const read = ts.readConfigFile(join(root, path), (file) => ts.sys.readFile(file))
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'))
  return read.config
}
function referencedProjects(): string[] {
  const config = readJson('tsconfig.json') as { references?: Reference[] }
  return (config.references ?? []).map((reference) => relative(root, join(root, reference.path)))
}
function filesOf(project: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, project), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
    },
  })
  if (!parsed) throw new Error(`cannot read ${project}`)
  return parsed.fileNames.map((file) => relative(root, file))
}
function sources(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = join(folder, name)
    if (statSync(join(root, path)).isDirectory()) return sources(path)
    return /\.(ts|mts|cts)$/.test(name) ? [path] : []
  })
}

describe('tsconfig projects', () => {
  it('checks every TypeScript file in src, test, bench and scripts in some referenced project', () => {
    const covered = new Set(referencedProjects().flatMap(filesOf))
    const all = ['src', 'test', 'bench', 'scripts'].flatMap(sources)
    expect(all.length).toBeGreaterThan(100)
    expect(all.filter((file) => !covered.has(file))).toEqual([])
  })

  it('runs every referenced project in `npm run typecheck`', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    const typecheck = pkg.scripts.typecheck ?? ''
    const checked = [...typecheck.matchAll(/(?:tsc -p|svelte-check --tsconfig) (?:\.\/)?(\S+)/g)].map((m) => m[1])
    expect(referencedProjects().sort()).toEqual([...new Set(checked)].sort())
  })

  it('checks every referenced project in `npm test` too', () => {
    const testAll = readFileSync(join(root, 'scripts/test-all.mjs'), 'utf8')
    for (const project of referencedProjects())
      expect(testAll).toMatch(new RegExp(`'(\\./)?${project.replaceAll('.', '\\.')}'`))
  })
})
