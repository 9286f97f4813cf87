import type { PlannrDb } from '../../../src/renderer/src/data/db'
import type { ParticipantSource } from '../../../src/renderer/src/state/group-participants.svelte'
import { cacheParticipantSource } from '../../../src/renderer/src/state/participant-source'

/**
 * The app's participants table source over `db`, and `settled()`: resolves once every row load
 * it started has finished. The table attaches to a load before `settled` can, so by then the
 * loaded rows are stored.
 */
export function watchedTableSource(db: PlannrDb): { source: ParticipantSource; settled(): Promise<void> } {
  const app = cacheParticipantSource(db)
  const pending = new Set<Promise<unknown>>()
  return {
    source: {
      ...app,
      load: (uuids) => {
        const loading = app.load(uuids)
        pending.add(loading)
        void loading.finally(() => pending.delete(loading))
        return loading
      },
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending])
    },
  }
}
