import { useLayoutEffect } from 'react';

/** How long focus waits for the page behind a closing surface to be usable again. */
const releaseWaitMs = 2000;

/**
 * When a dialog or drawer closes (or is taken off the page), focus goes back to the control that
 * opened it (WAI-ARIA dialog pattern), not to the page's body, where a keyboard or screen-reader
 * user would have to start over. If that control is gone (the balance was settled, so Settle balance
 * is no longer there), focus goes to the page's heading.
 */
export function useReturnFocus(open: boolean): void {
  useLayoutEffect(() => {
    if (!open) return;
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && active !== document.body ? active : null;
    return () => {
      if (!opener) return;
      // The surfaces on screen now include the one closing; one that appears later is another dialog.
      const closing = new Set(document.querySelectorAll('[aria-modal="true"]'));
      const deadline = performance.now() + releaseWaitMs;
      // The modal focus trap hides the rest of the page (aria-hidden) and lets go of it a little
      // after the surface closes, later still on a busy machine: focusing the opener while it is
      // hidden fails, so wait for the page to be released, frame by frame, within a bound.
      const attempt = () => {
        // Another dialog opened meanwhile (recovery codes after adding a passkey): focus is its own.
        const modals = [...document.querySelectorAll('[aria-modal="true"]')];
        if (modals.some((modal) => !closing.has(modal))) return;
        if (movedOnByUser(closing)) return;
        if (opener.isConnected) {
          if (!opener.closest('[aria-hidden="true"]')) return opener.focus();
          if (performance.now() < deadline) return void requestAnimationFrame(attempt);
        }
        const heading = document.querySelector<HTMLElement>('main h1');
        if (heading) {
          heading.tabIndex = -1;
          heading.focus();
        }
      };
      requestAnimationFrame(attempt);
    };
  }, [open]);
}

/** Focus is already somewhere on the page outside the closing surfaces: leave it there. */
function movedOnByUser(closing: Set<Element>): boolean {
  const active = document.activeElement;
  if (!active || active === document.body) return false;
  return ![...closing].some((surface) => surface.contains(active));
}
