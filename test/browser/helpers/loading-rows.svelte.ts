import type { Participant } from '../../../src/shared/plannr/models'

/** Rows a table shows, loaded when the test says so: `rowAt` is reactive, as the app's row windows are. */
export class LoadingRows {
  loaded = $state(false)

  constructor(private readonly rows: readonly Participant[]) {}

  rowAt = (index: number): Participant | null => (this.loaded ? (this.rows[index] ?? null) : null)
}
