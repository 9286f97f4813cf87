import { describe, expect, it } from 'vitest'
import { sandboxHelperProblem } from '../../scripts/electron-sandbox.mjs'

/*
 * Where Linux forbids unprivileged user namespaces (Ubuntu 24.04 by default), Electron falls back
 * to its setuid helper chrome-sandbox, and aborts before any window if npm left it without root
 * ownership and the setuid bit. `npm start` says so first, with the command that fixes it.
 */
const helperPath = '/home/ada/plannr-desktop/node_modules/electron/dist/chrome-sandbox'
const asInstalled = { uid: 1000, mode: 0o100755 } // what npm leaves: the user's, no setuid bit
const setuidRoot = { uid: 0, mode: 0o104755 }
const fixCommand = `sudo chown root:root ${helperPath} && sudo chmod 4755 ${helperPath}`

function facts(
  overrides: Partial<Parameters<typeof sandboxHelperProblem>[0]>,
): Parameters<typeof sandboxHelperProblem>[0] {
  return {
    platform: 'linux',
    restrictUnprivilegedUserns: '1',
    unprivilegedUsernsClone: null,
    helperPath,
    helper: asInstalled,
    ...overrides,
  }
}

describe('the chrome-sandbox check before `npm start`', () => {
  it('says nothing off Linux, whatever it is given', () => {
    for (const platform of ['darwin', 'win32'] as const)
      expect(sandboxHelperProblem(facts({ platform, unprivilegedUsernsClone: '0' }))).toBeNull()
  })

  it('names the one-time fix where AppArmor restricts user namespaces and the helper is not setuid root', () => {
    const message = sandboxHelperProblem(facts({}))
    expect(message).toContain(fixCommand)
    expect(message).toContain('chrome-sandbox')
  })

  it('says nothing once the helper is owned by root with the setuid bit', () => {
    expect(sandboxHelperProblem(facts({ helper: setuidRoot }))).toBeNull()
    expect(sandboxHelperProblem(facts({ unprivilegedUsernsClone: '0', helper: setuidRoot }))).toBeNull()
  })

  it('still asks for the fix when only one of ownership and setuid bit is right', () => {
    expect(sandboxHelperProblem(facts({ helper: { uid: 0, mode: 0o100755 } }))).toContain(fixCommand)
    expect(sandboxHelperProblem(facts({ helper: { uid: 1000, mode: 0o104755 } }))).toContain(fixCommand)
  })

  it('says nothing where user namespaces are allowed (the sandbox needs no helper)', () => {
    expect(sandboxHelperProblem(facts({ restrictUnprivilegedUserns: '0' }))).toBeNull()
    expect(sandboxHelperProblem(facts({ restrictUnprivilegedUserns: null, unprivilegedUsernsClone: '1' }))).toBeNull()
    expect(sandboxHelperProblem(facts({ restrictUnprivilegedUserns: null, unprivilegedUsernsClone: null }))).toBeNull()
  })

  it('names the fix where the kernel turns unprivileged user namespaces off (unprivileged_userns_clone = 0)', () => {
    const message = sandboxHelperProblem(facts({ restrictUnprivilegedUserns: null, unprivilegedUsernsClone: '0' }))
    expect(message).toContain(fixCommand)
  })

  it('says nothing where there is no helper to fix (a stand-in or hand-built binary)', () => {
    expect(sandboxHelperProblem(facts({ helper: null }))).toBeNull()
  })

  it('quotes a path with spaces so the command can be pasted as it is', () => {
    const spaced = '/home/ada/My Projects/plannr/node_modules/electron/dist/chrome-sandbox'
    expect(sandboxHelperProblem(facts({ helperPath: spaced }))).toContain(
      `sudo chown root:root '${spaced}' && sudo chmod 4755 '${spaced}'`,
    )
  })
})
