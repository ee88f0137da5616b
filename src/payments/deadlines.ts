/**
 * How long a charge may take before its outcome is recorded as unknown, and from that, how long
 * reconciliation waits before it cancels a never-confirmed intent at the processor. Set once at
 * start from SETTLE_CHARGE_DEADLINE_MS (the fault-injection tests shorten it); 15 s by default.
 */
export const paymentDeadlines = { chargeMs: 15_000 };

export function setChargeDeadline(chargeMs: number): void {
  paymentDeadlines.chargeMs = chargeMs;
}

/**
 * How long a cardholder has to finish the bank's challenge (3-D Secure) before reconciliation
 * cancels the intent, as a processor's own challenge expires. Settle balance again cancels sooner.
 */
export const challengeWindowMs = 15 * 60 * 1000;

/** After this long without a final answer, Settle cancels the intent at the processor. */
export function cancelAfterMs(): number {
  return 4 * paymentDeadlines.chargeMs;
}

/**
 * How long a claim on a payment's check lasts: a lookup and perhaps a cancel, each bounded by the
 * charge deadline. A process killed mid-check frees it this soon; one that outlives it lets another
 * ask the same questions, which is harmless (recording an outcome is idempotent).
 */
export function paymentCheckLeaseMs(): number {
  return 2 * paymentDeadlines.chargeMs;
}
