/**
 * The one retry policy of Settle's background work (webhook deliveries, emails, payment checks, queue
 * tasks): each attempt waits `factor` times longer than the one before, from `firstDelayMs` up to
 * `maxDelayMs`, spread by ±`jitter` so that a receiver coming back is not hit by every retry at
 * once, until the work is given up after `maxAttempts` attempts or `giveUpAfterMs` since it was
 * first queued. Each kind of work differs only in these numbers.
 */
export interface BackoffPolicy {
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** 0.2 spreads each delay over ±20%; 0 keeps it exact. */
  jitter: number;
  maxAttempts?: number;
  giveUpAfterMs?: number;
}

/**
 * When to try again after `attempts` attempts (1 after the first), or null when the work is given
 * up (a dead letter, for an operator to see and retry).
 */
export function nextAttemptAt(
  policy: BackoffPolicy,
  options: { attempts: number; now: Date; firstQueuedAt?: Date; random?: () => number },
): Date | null {
  if (policy.maxAttempts !== undefined && options.attempts >= policy.maxAttempts) return null;
  // Capped before the power grows past what a double holds exactly.
  const exponent = Math.min(Math.max(options.attempts - 1, 0), 40);
  const delayMs = Math.min(policy.firstDelayMs * policy.factor ** exponent, policy.maxDelayMs);
  const spread =
    policy.jitter === 0 ? 1 : 1 - policy.jitter + 2 * policy.jitter * (options.random ?? Math.random)();
  const at = new Date(options.now.getTime() + Math.round(delayMs * spread));
  if (
    policy.giveUpAfterMs !== undefined &&
    options.firstQueuedAt &&
    at.getTime() - options.firstQueuedAt.getTime() > policy.giveUpAfterMs
  )
    return null;
  return at;
}
