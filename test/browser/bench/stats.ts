/** The p-th percentile (nearest rank) of `samples`, rounded to 0.01. Used by the bench pages and scripts. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return Math.round((sorted[index] ?? 0) * 100) / 100
}
