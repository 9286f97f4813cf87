/**
 * Keyboard focus handed back when a dialog or drawer closes. Left on the page's body, it would
 * send a keyboard or screen-reader user back to the top of the window to find their place again.
 */

/** Nothing has focus: the focused element was removed, or focus was never placed. */
export function focusIsLost(): boolean {
  const active = document.activeElement
  return active === null || active === document.body
}

/**
 * Notes which control has focus now, before a dialog or drawer takes it. What it returns gives
 * focus back once that has closed: to the same control while it is still on the page, else to
 * `fallback` (the screen's next best place), for when the control went away with what was done
 * in the dialog, e.g. a selection bar's button once its selection was used.
 */
export function noteFocus(): (fallback?: () => void) => void {
  const active = document.activeElement
  const before = active instanceof HTMLElement && active !== document.body ? active : null
  return (fallback) => {
    if (before?.isConnected) before.focus()
    // Still on the page but hidden or disabled, it cannot take focus either.
    if (!before || document.activeElement !== before) fallback?.()
  }
}
