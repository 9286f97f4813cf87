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
 * current displays (a monitor may have been unplugged since), and the window is made to fit on
 * the display it opens on: remembered from a larger monitor, it would otherwise reach past the
 * screen's edges, its status bar and resize corner out of reach.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  const { x, y } = state
  const area =
    x === undefined || y === undefined
      ? undefined
      : workAreas.find(
          (candidate) =>
            x + 100 > candidate.x &&
            y + 50 > candidate.y &&
            x < candidate.x + candidate.width - 100 &&
            y < candidate.y + candidate.height - 50,
        )
  // Placed by the system when its place is gone, on a display not known here: at most as large
  // as the largest one.
  const bound = area ?? largest(workAreas)
  const width = bound ? Math.min(state.width, bound.width) : state.width
  const height = bound ? Math.min(state.height, bound.height) : state.height
  if (!area || x === undefined || y === undefined) return { width, height, maximized: state.maximized }
  return {
    x: Math.max(area.x, Math.min(x, area.x + area.width - width)),
    y: Math.max(area.y, Math.min(y, area.y + area.height - height)),
    width,
    height,
    maximized: state.maximized,
  }
}

function largest(areas: Rect[]): Rect | undefined {
  return areas.reduce<Rect | undefined>(
    (best, area) => (!best || area.width * area.height > best.width * best.height ? area : best),
    undefined,
  )
}
