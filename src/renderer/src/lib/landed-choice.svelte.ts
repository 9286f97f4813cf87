import type { Ref } from '../../../shared/plannr/models'
import { followLanded, type LandedUuid } from './landed'

/** A form's choice of records, read and replaced through the form's own state. */
export interface LandedChoice {
  /** The uuids chosen now (none: nothing to follow). */
  held: () => readonly string[]
  /** The records the form offers. */
  listed: () => readonly Ref[]
  landedUuid: () => LandedUuid | undefined
  /** Puts `next` in place of `held`, unless the user changed the choice meanwhile. */
  replace: (held: readonly string[], next: string[]) => void
}

/**
 * Called once as a form starts: a record made offline gets Plannr's uuid when its create lands,
 * and the list then offers it under that uuid, so the choice follows it (followLanded) rather
 * than showing it unchosen, or sending it twice when it is picked again. Not a change by the user:
 * the save follows the same landed create in what the form opened on.
 */
export function followLandedChoice(choice: LandedChoice): void {
  $effect(() => {
    const held = choice.held()
    const listed = choice.listed()
    const landedUuid = choice.landedUuid()
    if (held.length === 0 || !landedUuid) return
    followLanded(held, listed, landedUuid).then(
      (next) => {
        if (next) choice.replace(held, next)
      },
      // The session closing meanwhile (an account switch): the form goes with it.
      () => {},
    )
  })
}

/** The same for a form's single choice (a select), where '' is none. */
export function followLandedUuid(choice: {
  chosen: () => string
  listed: () => readonly Ref[]
  landedUuid: () => LandedUuid | undefined
  choose: (uuid: string) => void
}): void {
  followLandedChoice({
    held: () => (choice.chosen() === '' ? [] : [choice.chosen()]),
    listed: choice.listed,
    landedUuid: choice.landedUuid,
    replace: ([held], [next]) => {
      if (held !== undefined && next !== undefined && choice.chosen() === held) choice.choose(next)
    },
  })
}
