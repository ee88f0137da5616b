import type { BackoffPolicy } from './backoff.js';

/**
 * A payment recorded not charged is looked up at the processor again after 1 h, then 2, 4 … hours,
 * eight times, for about a week. The same steps space the retries of a refund the processor refuses
 * (the queue's topic) and the looks themselves (the check's own "again"): one schedule, written once.
 */
export const notChargedChecks: BackoffPolicy = {
  firstDelayMs: 3_600_000,
  factor: 2,
  maxDelayMs: 64 * 3_600_000,
  jitter: 0,
  maxAttempts: 8,
};
