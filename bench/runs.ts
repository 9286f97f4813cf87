/** Figures over several runs: the median under the figure's own key, the spread as `_min` / `_max`. */
import { percentile } from '../test/browser/bench/stats'

export type Figures = Record<string, number>

/**
 * Merges per-run figures: every key gets the median of its runs (nearest rank, so one of the
 * measured values); keys matched by `spread` also get `<key>_min` and `<key>_max`.
 */
export function combineRuns(runs: Figures[], spread: (key: string) => boolean): Figures {
  const keys = new Set(runs.flatMap((run) => Object.keys(run)))
  const combined: Figures = {}
  for (const key of keys) {
    const values = runs.map((run) => run[key]).filter((value): value is number => typeof value === 'number')
    if (values.length === 0) continue
    combined[key] = percentile(values, 50)
    if (spread(key) && values.length > 1) {
      combined[`${key}_min`] = Math.min(...values)
      combined[`${key}_max`] = Math.max(...values)
    }
  }
  return combined
}
