import type { PaymentResult } from './api.js';

// Written by the return page's script (src/http/routes/challenge-routes.ts) under this name.
const storageKey = 'settle.bankReturn';

/**
 * A payment the bank's page confirmed while it had the whole window: the page it returns to
 * (challenge-done.js) keeps the answer here, and the subscription's page shows it once, as the
 * drawer does after a confirmation in its frame. Reading is pure (React may call it twice);
 * forgetBankReturn drops it once shown.
 */
export function readBankReturn(subscriptionId: string): PaymentResult | null {
  try {
    const answer = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as Partial<PaymentResult> | null;
    if (
      answer?.subscriptionId !== subscriptionId ||
      answer.status !== 'succeeded' ||
      typeof answer.amountMinor !== 'number' ||
      typeof answer.currency !== 'string' ||
      typeof answer.card !== 'object'
    )
      return null;
    return answer as PaymentResult;
  } catch {
    return null;
  }
}

export function forgetBankReturn(): void {
  try {
    sessionStorage.removeItem(storageKey);
  } catch {
    // Storage turned off: nothing was kept.
  }
}
