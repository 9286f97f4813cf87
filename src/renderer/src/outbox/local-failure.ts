import type { EnqueueRefusal } from './enqueue'

/**
 * Failures of this computer's storage (IndexedDB), as opposed to Plannr's answers: a full disk
 * (QuotaExceededError), a DataError, an aborted transaction. Said in plain words, with the
 * browser's own reason kept for support.
 */
function storageReason(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : ''
  const inner: unknown = error !== null && typeof error === 'object' && 'inner' in error ? error.inner : undefined
  const innerName = inner instanceof Error || inner instanceof DOMException ? inner.name : ''
  if (name === 'QuotaExceededError' || innerName === 'QuotaExceededError') return 'this computer is out of space'
  const message = error instanceof Error ? error.message : String(error)
  return `the local database refused the write: ${message}`
}

/** What the user sees when Plannr answered but its answer could not be written down here. */
export function answerNotSavedMessage(error: unknown): string {
  return `Couldn't save Plannr's answer (${storageReason(error)}). It will be checked on Plannr before anything is sent again.`
}

/**
 * The outbox could not get ready at start (its look at what a closed app left mid-send could not
 * be written): nothing is sent until it can, which it tries again by itself.
 */
export function notStartedMessage(error: unknown): string {
  return `Couldn't get the changes waiting to sync ready to send (${storageReason(error)}). Nothing is sent until this works; the app keeps trying.`
}

/** An operation that could not be marked as being sent, so was not sent. */
export function notMarkedMessage(error: unknown): string {
  return `Couldn't note on this computer that this is being sent (${storageReason(error)}), so it was not sent. It will be sent once that works.`
}

/** An enqueue or edit that could not be stored: nothing was queued, the form keeps what was typed. */
export function notSaved(error: unknown): { ok: false; error: EnqueueRefusal } {
  const message = `Couldn't save this change on this computer (${storageReason(error)}). Nothing was queued; what you entered is still here, so you can try again.`
  return { ok: false, error: { kind: 'not-saved', message, fieldErrors: { _: [message] } } }
}

/**
 * A choice about a queued item (send again, discard, keep mine or Plannr's) that could not be
 * stored: the item stays as it was, and the user is told rather than left wondering.
 */
export function choiceNotSaved(error: unknown): { ok: false; error: EnqueueRefusal } {
  const message = `Couldn't save this on this computer (${storageReason(error)}). Nothing changed; try again once that works.`
  return { ok: false, error: { kind: 'not-saved', message, fieldErrors: { _: [message] } } }
}
