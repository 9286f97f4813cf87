import { flushSync, mount, unmount } from 'svelte'
import ParticipantTable from '../../../src/renderer/src/components/ParticipantTable.svelte'
import type { Participant } from '../../../src/shared/plannr/models'

/**
 * The participants table mounted on its own, as a group view would mount it, with the rows a
 * test gives it (sorted by name, no range or sort handling). `unmountTables` after each test.
 */
const mounted: Array<ReturnType<typeof mount>> = []

export interface TableOptions {
  total: number
  rowAt: (index: number) => Participant | null
  /** CSS for the table's container (it fills it). */
  style: string
  onOpen?: (participant: Participant) => void
}

export function mountTable({ total, rowAt, style, onOpen = () => {} }: TableOptions): HTMLElement {
  const target = document.createElement('div')
  target.style.cssText = `display: flex; ${style}`
  document.body.append(target)
  const props = {
    total,
    rowAt,
    onRange: (): void => {},
    sort: { field: 'name' as const, direction: 'asc' as const },
    onSort: (): void => {},
    onOpen,
    label: 'Participants',
  }
  mounted.push(mount(ParticipantTable, { target, props }))
  flushSync()
  return target
}

export function unmountTables(): void {
  for (const component of mounted.splice(0)) void unmount(component)
  document.body.replaceChildren()
}
