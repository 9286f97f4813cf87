import { posix, win32 } from 'node:path'

/** The web shell's own data folder name: next to the desktop app's, never the same one. */
export const WEB_SHELL_DATA_FOLDER = 'Plannr Desktop Web Shell'

/**
 * Where `npm run web-shell` keeps its data (settings, the chosen account) when no `--data-dir`
 * is given: a stable folder per user, in the same per-user config location Electron uses for the
 * desktop app, so a restart finds the same sign-in. It is a separate folder because the desktop
 * app and the web shell may run at the same time.
 */
export function defaultWebShellDataDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  if (platform === 'win32')
    return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), WEB_SHELL_DATA_FOLDER)
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', WEB_SHELL_DATA_FOLDER)
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), WEB_SHELL_DATA_FOLDER)
}
