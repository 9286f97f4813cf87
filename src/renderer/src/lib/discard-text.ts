import type { OutboxItem } from '../outbox'

/**
 * What the Discard question says about a change. Only a change whose sends all certainly failed
 * is known not to be on Plannr; one whose last send got no clear answer (a 500, a dropped
 * connection) may be there already, and discarding it only stops this computer sending it.
 */
export function discardQuestion(item: Pick<OutboxItem, 'label' | 'inDoubt'>): string {
  const rest = 'anything waiting on it will need attention.'
  return item.inDoubt
    ? `${item.label} may already be on Plannr: its last send got no clear answer, and Plannr has not been asked since. ` +
        `Discarding stops this computer sending it; if Plannr has it, it stays there and shows up with the next sync, and ${rest}`
    : `${item.label} has not reached Plannr. Discarding removes it from this computer; ${rest}`
}
