// Electron keeps each page in Chromium's sandbox. On Linux that sandbox is built from unprivileged
// user namespaces; where the kernel refuses them (Ubuntu 24.04 by default, through AppArmor's
// kernel.apparmor_restrict_unprivileged_userns=1, or kernel.unprivileged_userns_clone=0 on some
// Debian-based kernels), Electron falls back to its setuid helper, dist/chrome-sandbox. Electron's
// download unpacks that helper as the user's own file without the setuid bit, and Electron aborts
// before any window ("The SUID sandbox helper binary was found, but is not configured
// correctly"). Turning the sandbox off would make it start, but the renderer's sandbox is part of
// the app's security, so `npm start` stops instead and says which one-time command fixes the helper.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const SETUID = 0o4000
const OTHERS_EXECUTE = 0o001

/** A path as one shell word, so the printed command can be pasted as it is. */
function shellWord(path) {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`
}

/**
 * The message to stop with, or null when Electron can start its sandbox. Pure: every fact about
 * the machine is an argument, so each case can be tested without touching the real system.
 */
export function sandboxHelperProblem({
  platform,
  restrictUnprivilegedUserns,
  unprivilegedUsernsClone,
  helperPath,
  helper,
}) {
  if (platform !== 'linux') return null
  const namespacesRefused = restrictUnprivilegedUserns === '1' || unprivilegedUsernsClone === '0'
  if (!namespacesRefused) return null
  // No helper: not Electron's own build (a hand-picked or stand-in binary); nothing to fix here.
  if (helper === null) return null
  // What Chromium itself checks before using the helper: owned by root, setuid, runnable by all.
  if (helper.uid === 0 && (helper.mode & SETUID) !== 0 && (helper.mode & OTHERS_EXECUTE) !== 0) return null
  const path = shellWord(helperPath)
  return [
    'Electron cannot start its security sandbox on this computer yet.',
    'This Linux does not let programs build the sandbox on their own (Ubuntu 24.04 does this by',
    'default), so Electron uses its helper program, chrome-sandbox, instead. That helper must belong to',
    'root and have the setuid bit, which only root can give it. Run this once (sudo asks for your',
    'password), then run this command again:',
    '',
    `  sudo chown root:root ${path} && sudo chmod 4755 ${path}`,
    '',
    'Reinstalling Electron (e.g. after deleting node_modules) puts the helper back as it was; run the',
    'command again then.',
  ].join('\n')
}

function readSetting(path) {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return null
  }
}

/** The same decision for this machine and the Electron binary in `distDir`. */
export function sandboxHelperProblemHere(distDir) {
  const helperPath = join(distDir, 'chrome-sandbox')
  let helper
  try {
    const stats = statSync(helperPath)
    helper = { uid: stats.uid, mode: stats.mode }
  } catch {
    helper = null
  }
  return sandboxHelperProblem({
    platform: process.platform,
    restrictUnprivilegedUserns: readSetting('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
    unprivilegedUsernsClone: readSetting('/proc/sys/kernel/unprivileged_userns_clone'),
    helperPath,
    helper,
  })
}
