import { events, type EventName, type EventPayload } from '../../shared/ipc/contract'

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/**
 * Wraps a raw sender so every main→renderer event is checked against the contract before it
 * leaves main; a payload that does not match is a bug in main and is dropped, not sent.
 */
export function createEventSink(
  send: (event: EventName, payload: unknown) => void,
  log: (message: string) => void = () => {},
): EventSink {
  return (event, payload) => {
    const parsed = events[event].safeParse(payload)
    if (!parsed.success) {
      log(`dropped ${event} event: payload does not match the contract`)
      return
    }
    send(event, parsed.data)
  }
}
