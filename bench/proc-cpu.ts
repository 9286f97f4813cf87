/**
 * CPU-seconds per process, from Linux's /proc: user + system time (`utime` + `stime` of
 * /proc/<pid>/stat) of the bench's own Node process (main's handlers), of every live process
 * below it (the sandbox child, Chromium's browser process and the processes Chromium starts), by
 * kind. Chromium's children say what they are with `--type=` on their command line (`renderer`,
 * `gpu-process`, `utility`, `zygote`, ...); the Chromium binary without it is the browser process.
 *
 * A process that exits between two samples takes its time with it, so take the two samples around
 * a phase during which the browser keeps its processes (one page, one sync).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { spawnSync } from 'node:child_process'

export interface ProcessCpu {
  pid: number
  kind: string
  /** user + system CPU time so far, in seconds */
  seconds: number
}

export interface StatFields {
  ppid: number
  /** utime + stime in clock ticks */
  ticks: number
}

/** Reads the fields we need from a /proc/<pid>/stat line; the command name in parentheses may hold spaces. */
export function parseStat(line: string): StatFields | null {
  const close = line.lastIndexOf(')')
  if (close < 0) return null
  // After ") ": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
  const fields = line.slice(close + 2).split(' ')
  const ppid = Number(fields[1])
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  if (![ppid, utime, stime].every(Number.isFinite)) return null
  return { ppid, ticks: utime + stime }
}

const CHROMIUM_BINARIES = new Set(['chromium', 'chromium-browser', 'chrome', 'google-chrome', 'headless_shell'])

/** What a process is, from its argv: Chromium's `--type=` (utility processes with their sub-type), or `browser`. */
export function chromiumKind(argv: string[]): string {
  const type = argv.find((arg) => arg.startsWith('--type='))?.slice('--type='.length)
  if (type === 'utility') {
    const sub = argv.find((arg) => arg.startsWith('--utility-sub-type='))?.slice('--utility-sub-type='.length)
    // e.g. network.mojom.NetworkService -> utility-network
    const service = sub?.split('.')[0]
    return service ? `utility-${service}` : 'utility'
  }
  if (type) return type === 'gpu-process' ? 'gpu' : type
  return CHROMIUM_BINARIES.has(basename(argv[0] ?? '')) ? 'browser' : 'other'
}

/**
 * The words of a /proc/<pid>/cmdline: NUL-separated, except that processes Chromium forks from its
 * zygote rewrite theirs as one space-separated string (setproctitle), so split on both.
 */
export function commandLine(raw: string): string[] {
  return raw.split(/[\0 ]/).filter((word) => word !== '')
}

let ticksPerSecond: number | undefined
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })
    const value = Number(answer.stdout.trim())
    ticksPerSecond = answer.status === 0 && value > 0 ? value : 100
  }
  return ticksPerSecond
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null // the process exited meanwhile
  }
}

/**
 * Every live process from `rootPid` down, with its CPU time so far. `named` gives a kind to
 * known pids (the root is `main`, the sandbox child `sandbox`); the others are classified by
 * `chromiumKind`.
 */
export function sampleProcessTree(rootPid: number, named: ReadonlyMap<number, string>): ProcessCpu[] {
  const stats = new Map<number, StatFields>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const line = readText(`/proc/${entry}/stat`)
    const stat = line ? parseStat(line) : null
    if (stat) stats.set(Number(entry), stat)
  }
  const children = new Map<number, number[]>()
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid])
  const tick = clockTicks()
  const found: ProcessCpu[] = []
  const queue = [rootPid]
  while (queue.length > 0) {
    const pid = queue.shift() ?? rootPid
    const stat = stats.get(pid)
    if (!stat) continue
    found.push({
      pid,
      kind: named.get(pid) ?? chromiumKind(commandLine(readText(`/proc/${pid}/cmdline`) ?? '')),
      seconds: stat.ticks / tick,
    })
    queue.push(...(children.get(pid) ?? []))
  }
  return found
}

/** CPU-seconds spent by kind between two samples (processes new in `after` count from zero). */
export function cpuSecondsByKind(before: ProcessCpu[], after: ProcessCpu[]): Record<string, number> {
  const start = new Map(before.map((process) => [process.pid, process.seconds]))
  const byKind: Record<string, number> = {}
  for (const process of after) {
    const spent = process.seconds - (start.get(process.pid) ?? 0)
    byKind[process.kind] = Math.round(((byKind[process.kind] ?? 0) + spent) * 100) / 100
  }
  return byKind
}
