import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'

const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640).max(10000),
  height: z.number().int().min(480).max(10000),
  maximized: z.boolean().default(false),
})
export type WindowState = z.infer<typeof WindowState>

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false }

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Reads the remembered window bounds; a missing or damaged file gives the defaults. */
export function loadWindowState(file: string): WindowState {
  try {
    return WindowState.parse(JSON.parse(readFileSync(file, 'utf8')))
  } catch {
    return { ...DEFAULT_WINDOW_STATE }
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(state))
}

/**
 * A remembered position is only reused when the window would still be visible on one of the
 * current displays (a monitor may have been unplugged since).
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  if (state.x === undefined || state.y === undefined) return state
  const { x, y } = state
  const visible = workAreas.some(
    (area) => x + 100 > area.x && y + 50 > area.y && x < area.x + area.width - 100 && y < area.y + area.height - 50,
  )
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized }
}
