export interface SandboxFacts {
  platform: NodeJS.Platform
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns, trimmed; null where it does not exist. */
  restrictUnprivilegedUserns: string | null
  /** /proc/sys/kernel/unprivileged_userns_clone, trimmed; null where it does not exist. */
  unprivilegedUsernsClone: string | null
  /** The absolute path of Electron's dist/chrome-sandbox, as the printed command names it. */
  helperPath: string
  /** That file's owner and mode (stat's uid and mode); null where there is no such file. */
  helper: { uid: number; mode: number } | null
}
/** Why Electron would abort before any window, with the one-time command that fixes it; null when it would not. */
export function sandboxHelperProblem(facts: SandboxFacts): string | null
/** sandboxHelperProblem for this machine and the Electron binary in `distDir`. */
export function sandboxHelperProblemHere(distDir: string): string | null
