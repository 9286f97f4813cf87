import { describe, expect, it } from 'vitest'
import { defaultWebShellDataDir } from '../../src/web-shell/data-dir'

describe("the web shell's default data folder", () => {
  it('is one stable folder per user, where each OS keeps application data', () => {
    expect(defaultWebShellDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/Plannr Desktop Web Shell')
    expect(defaultWebShellDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe(
      '/cfg/Plannr Desktop Web Shell',
    )
    expect(defaultWebShellDataDir('darwin', {}, '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/Plannr Desktop Web Shell',
    )
    expect(defaultWebShellDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Plannr Desktop Web Shell',
    )
  })

  it("is not the desktop app's own folder, which may be in use at the same time", () => {
    expect(defaultWebShellDataDir('linux', {}, '/home/ada')).not.toBe('/home/ada/.config/Plannr Desktop')
  })
})
