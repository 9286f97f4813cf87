import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
} from '../../src/main/window/window-state'

describe('window state', () => {
  it('remembers size and position across runs', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ws-')), 'nested', 'state.json')
    saveWindowState(file, { x: 10, y: 20, width: 1100, height: 700, maximized: true })
    expect(loadWindowState(file)).toEqual({ x: 10, y: 20, width: 1100, height: 700, maximized: true })
  })

  it('falls back to defaults when the file is missing or damaged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-'))
    expect(loadWindowState(join(dir, 'missing.json'))).toEqual(DEFAULT_WINDOW_STATE)
    writeFileSync(join(dir, 'bad.json'), '{"width": "huge"')
    expect(loadWindowState(join(dir, 'bad.json'))).toEqual(DEFAULT_WINDOW_STATE)
  })

  it('drops a position that is no longer on any display', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }]
    const off = fitToDisplays({ x: 3000, y: 100, width: 1000, height: 700, maximized: false }, screen)
    expect(off).toEqual({ width: 1000, height: 700, maximized: false })
    const on = fitToDisplays({ x: 100, y: 100, width: 1000, height: 700, maximized: false }, screen)
    expect(on.x).toBe(100)
  })

  it('shrinks and moves a window remembered from a larger screen so all of it is on this one', () => {
    const laptop = [{ x: 0, y: 0, width: 1366, height: 728 }]
    // Last used at 2500×1400 on an external monitor; now only the laptop's screen is there.
    expect(fitToDisplays({ x: 100, y: 100, width: 2500, height: 1400, maximized: false }, laptop)).toEqual({
      x: 0,
      y: 0,
      width: 1366,
      height: 728,
      maximized: false,
    })
    // Its size fits but it would reach past the right and bottom edges: moved back in.
    expect(fitToDisplays({ x: 1000, y: 500, width: 1000, height: 700, maximized: false }, laptop)).toEqual({
      x: 366,
      y: 28,
      width: 1000,
      height: 700,
      maximized: false,
    })
    // With its position dropped, its size still fits the largest screen there is.
    expect(fitToDisplays({ x: 5000, y: 100, width: 2500, height: 1400, maximized: false }, laptop)).toEqual({
      width: 1366,
      height: 728,
      maximized: false,
    })
  })
})
