import { useSyncExternalStore } from 'react';

// "Confirm it's you" is asked from anywhere (api.ts calls askIdentity) and drawn in the innermost
// open slot. Fluent's modal dialogs hide everything outside the top one (aria-hidden) and undo it
// only for a dialog nested inside another in the React tree: a prompt stacked beside an open dialog
// would leave that dialog hidden from screen readers after it closes (microsoft/fluentui#35985). So
// every dialog and drawer holds a slot, the app root holds one too.

let slots: symbol[] = [];
let answer: ((confirmed: boolean) => void) | null = null;
let snapshot: { asking: boolean; innermost: symbol | undefined } = { asking: false, innermost: undefined };
const listeners = new Set<() => void>();

function emit() {
  snapshot = { asking: answer !== null, innermost: slots.at(-1) };
  for (const listener of listeners) listener();
}

export function addSlot(slot: symbol): () => void {
  slots = [...slots, slot];
  emit();
  return () => {
    slots = slots.filter((s) => s !== slot);
    emit();
  };
}

/** Opens the prompt; true once the user has confirmed, false if they cancelled. */
export function askIdentity(): Promise<boolean> {
  answer?.(false);
  return new Promise((resolve) => {
    answer = resolve;
    emit();
  });
}

export function answerIdentity(confirmed: boolean): void {
  const resolve = answer;
  answer = null;
  emit();
  resolve?.(confirmed);
}

export function useIdentityPrompt() {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
  );
}
