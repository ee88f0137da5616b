/** The events Settle sends, payload version 2026-11-01 (the triggers of migration 0019 write them). */
export const webhookEventTypes = [
  'subscription.created',
  'subscription.updated',
  'subscription.status_changed',
  'invoice.issued',
  'invoice.paid',
  'payment.succeeded',
  'payment.failed',
  'payment.refunded',
  'organization.created',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookApiVersion = '2026-11-01';

/** Deliveries are retried for 3 days; an endpoint failing for as long is disabled. */
export const webhookGiveUpMs = 3 * 86_400_000;

const longestRetryDelayMs = 6 * 3_600_000;

/**
 * When a failed delivery is tried again: 4× longer after each attempt (5 s, 20 s, 80 s, 5 min, …,
 * at most 6 h), ±20% at random so that an endpoint coming back is not hit by every retry at once.
 * Null once 3 days have passed since the event: the delivery has failed for good.
 */
export function nextWebhookAttemptAt(options: {
  attempts: number;
  firstQueuedAt: Date;
  now: Date;
  baseDelayMs: number;
  random?: () => number;
}): Date | null {
  const exponent = Math.min(options.attempts - 1, 20);
  const delayMs = Math.min(options.baseDelayMs * 4 ** exponent, longestRetryDelayMs);
  const jitter = 0.8 + 0.4 * (options.random ?? Math.random)();
  const at = new Date(options.now.getTime() + Math.round(delayMs * jitter));
  if (at.getTime() - options.firstQueuedAt.getTime() > webhookGiveUpMs) return null;
  return at;
}
