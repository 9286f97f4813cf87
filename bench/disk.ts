/** Disk use of a folder as `du` reports it: allocated bytes (what the disk loses) and apparent bytes. */
import { spawnSync } from 'node:child_process'

function duBytes(args: string[], path: string): number {
  const answer = spawnSync('du', [...args, path], { encoding: 'utf8' })
  const bytes = Number(answer.stdout.split(/\s/)[0])
  if (answer.status !== 0 || !Number.isFinite(bytes))
    throw new Error(`du ${args.join(' ')} ${path} failed: ${answer.stderr}`)
  return bytes
}

export interface DiskUse {
  /** `du -s -B1`: blocks allocated */
  bytes: number
  /** `du -s -b`: the files' sizes */
  apparentBytes: number
}

export function diskUse(path: string): DiskUse {
  return { bytes: duBytes(['-s', '-B1'], path), apparentBytes: duBytes(['-s', '-b'], path) }
}
