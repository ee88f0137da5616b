import type { BackoffPolicy } from './backoff.js';

/** The events Settle sends, payload version 2026-11-01 (the use cases write them: src/events). */
export const webhookEventTypes = [
  'subscription.created',
  'subscription.updated',
  'subscription.status_changed',
  'invoice.issued',
  'invoice.paid',
  'invoice.voided',
  'payment.succeeded',
  'payment.failed',
  'payment.refunded',
  'refund.succeeded',
  'refund.failed',
  'credit_note.issued',
  'bank_transfer.received',
  'credit_balance.changed',
  'einvoice.issued',
  'einvoice.voided',
  'einvoice.allowance_issued',
  'einvoice.failed',
  'organization.created',
  'organization.updated',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookApiVersion = '2026-11-01';

/** Deliveries are retried for 3 days; an endpoint failing for as long is disabled. */
export const webhookGiveUpMs = 3 * 86_400_000;

/**
 * When a failed delivery is tried again: 4× longer after each attempt (5 s, 20 s, 80 s, 5 min, …, at
 * most 6 h; the first delay is the operator's setting), ±20% at random, given up 3 days after the event.
 */
export function webhookBackoff(firstDelayMs: number): BackoffPolicy {
  return { firstDelayMs, factor: 4, maxDelayMs: 6 * 3_600_000, jitter: 0.2, giveUpAfterMs: webhookGiveUpMs };
}
