// How failed sign-ins slow an attacker down: a few are free, then each one locks the key (an account,
// or a client address) for twice as long as the one before, up to a ceiling. Failures older than the
// window are forgotten.

export const signInThrottle = {
  /** Failures allowed before the first lock, per account and per client address. */
  freeFailures: { account: 5, address: 20 },
  firstLockMs: 15_000,
  maxLockMs: 15 * 60_000,
  /** A key's failures start again from zero after this long without one. */
  windowMs: 30 * 60_000,
} as const;

export type ThrottleKind = keyof typeof signInThrottle.freeFailures;

/** How long a key is locked after its n-th failure in a row: 0 while free, then 15 s, 30 s, 1 min … 15 min. */
export function lockAfterFailureMs(kind: ThrottleKind, failures: number): number {
  const over = failures - signInThrottle.freeFailures[kind];
  if (over < 0) return 0;
  return Math.min(signInThrottle.firstLockMs * 2 ** over, signInThrottle.maxLockMs);
}
