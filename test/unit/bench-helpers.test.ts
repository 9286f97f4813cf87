import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { chromiumKind, commandLine, cpuSecondsByKind, parseStat, sampleProcessTree } from '../../bench/proc-cpu'
import { combineRuns } from '../../bench/runs'

describe('bench CPU-seconds per process', () => {
  it('reads ppid and utime + stime from a stat line whose command name holds spaces and parentheses', () => {
    const line = '4242 (Web Content (x)) S 17 4242 4242 0 -1 4194560 900 0 0 0 250 75 0 0 20 0 12 0 999 0 0'
    expect(parseStat(line)).toEqual({ ppid: 17, ticks: 325 })
    expect(parseStat('garbage')).toBeNull()
  })

  it("tells Chromium's processes apart by --type, and the browser by its binary", () => {
    expect(chromiumKind(['/usr/lib/chromium/chromium', '--headless', '--user-data-dir=/tmp/p'])).toBe('browser')
    expect(chromiumKind(['/usr/lib/chromium/chromium', '--type=renderer', '--lang=en'])).toBe('renderer')
    expect(chromiumKind(['/usr/lib/chromium/chromium', '--type=gpu-process'])).toBe('gpu')
    expect(
      chromiumKind(['/usr/lib/chromium/chromium', '--type=utility', '--utility-sub-type=network.mojom.NetworkService']),
    ).toBe('utility-network')
    expect(chromiumKind(['/usr/lib/chromium/chromium', '--type=zygote'])).toBe('zygote')
    expect(chromiumKind(['/usr/lib/chromium/chrome_crashpad_handler', '--database=/tmp/x'])).toBe('other')
  })

  it('reads the type of a zygote-forked renderer, whose command line is one space-separated string', () => {
    const raw = '/usr/lib/chromium/chromium --type=renderer --enable-crash-reporter=,built on Debian --lang=en-US\0'
    expect(chromiumKind(commandLine(raw))).toBe('renderer')
    expect(chromiumKind(commandLine('/usr/lib/chromium/chromium\0--headless\0--no-sandbox\0'))).toBe('browser')
  })

  it('sums the time spent between two samples by kind, counting processes that started in between from zero', () => {
    const before = [
      { pid: 1, kind: 'main', seconds: 10 },
      { pid: 2, kind: 'renderer', seconds: 1 },
    ]
    const after = [
      { pid: 1, kind: 'main', seconds: 12.5 },
      { pid: 2, kind: 'renderer', seconds: 4 },
      { pid: 3, kind: 'renderer', seconds: 0.25 },
    ]
    expect(cpuSecondsByKind(before, after)).toEqual({ main: 2.5, renderer: 3.25 })
  })

  it('finds a live child of this process in /proc, named as asked', async () => {
    const child = spawn('sleep', ['30'])
    try {
      const pid = child.pid ?? -1
      await new Promise((resolve) => child.once('spawn', resolve))
      const tree = sampleProcessTree(process.pid, new Map([[process.pid, 'main']]))
      expect(tree.find((entry) => entry.pid === process.pid)?.kind).toBe('main')
      expect(tree.find((entry) => entry.pid === pid)?.kind).toBe('other')
      expect(tree.find((entry) => entry.pid === process.pid)?.seconds).toBeGreaterThan(0)
    } finally {
      child.kill()
    }
  })
})

describe('bench runs', () => {
  it('keeps the median under the key and the spread for the keys asked, one value per run', () => {
    const runs = [
      { cache_sync_wall_ms: 300, cache_sync_requests: 490 },
      { cache_sync_wall_ms: 100, cache_sync_requests: 490 },
      { cache_sync_wall_ms: 200, cache_sync_requests: 490 },
    ]
    expect(combineRuns(runs, (key) => key === 'cache_sync_wall_ms')).toEqual({
      cache_sync_wall_ms: 200,
      cache_sync_wall_ms_min: 100,
      cache_sync_wall_ms_max: 300,
      cache_sync_requests: 490,
    })
  })
})
