import { useLayoutEffect } from 'react';

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
      // After the surface's own exit (its focus trap lets go first).
      requestAnimationFrame(() => {
        // Another dialog opened meanwhile (recovery codes after adding a passkey): focus is its own.
        const modals = [...document.querySelectorAll('[aria-modal="true"]')];
        if (modals.some((modal) => !closing.has(modal))) return;
        if (opener.isConnected && !opener.closest('[aria-hidden="true"]')) return opener.focus();
        const heading = document.querySelector<HTMLElement>('main h1');
        if (heading) {
          heading.tabIndex = -1;
          heading.focus();
        }
      });
    };
  }, [open]);
}
