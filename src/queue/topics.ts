import type { BackoffPolicy } from '../domain/backoff.js';
import { notChargedChecks } from '../domain/payment-checks.js';

/** How the queue treats one kind of work: when it tries again, and how long a claim on it lasts. */
export interface TopicSettings {
  backoff: BackoffPolicy;
  /** Longer than the work's slowest honest run: a process that dies mid-task frees it after this. */
  leaseMs: number;
}

/** Mail: 1, 2, 4 … 60 minutes apart, given up after the tenth refusal (the notice stays in the app). */
const mail: TopicSettings = {
  backoff: { firstDelayMs: 60_000, factor: 2, maxDelayMs: 3_600_000, jitter: 0, maxAttempts: 10 },
  leaseMs: 120_000,
};

/**
 * Asking the processor what became of a payment in flight: its own schedule comes from the handler
 * (look again after 30 s, 60 s … an hour; the bank's challenge window); an error (a bug, a database
 * hiccup) is tried again 30 s, 60 s … an hour later, and never given up: an unknown outcome stays
 * unknown until the processor answers (`npm run queue -- failing` shows those that keep failing).
 */
const paymentCheck: TopicSettings = {
  backoff: { firstDelayMs: 30_000, factor: 2, maxDelayMs: 3_600_000, jitter: 0 },
  // Two charge deadlines as the server is set (src/payments/deadlines.ts passes it with each claim).
  leaseMs: 30_000,
};

/**
 * Looking for a charge under a payment recorded "not charged" (and refunding it): the handler looks
 * again after 1, 2, 4 … hours for about a week; a refund the processor refuses is tried again on the
 * same steps and given up after the eighth attempt, a dead letter for the operator.
 */
const unrecordedChargeCheck: TopicSettings = {
  backoff: notChargedChecks,
  leaseMs: 120_000,
};

/**
 * Sending a refund the seller asked for (again, under the same key) until the processor answers: 30 s,
 * 60 s … an hour apart, never given up (a lost answer stays pending until the processor says). A no
 * from the processor is an answer (the refund is failed), not an error.
 */
const refundSend: TopicSettings = {
  backoff: { firstDelayMs: 30_000, factor: 2, maxDelayMs: 3_600_000, jitter: 0 },
  leaseMs: 120_000,
};

/**
 * Asking the e-invoice issuer (issue, void, allowance) until it answers: 30 s, 60 s … an hour apart;
 * given up (a dead letter the operator sees, and the provider is warned) after the twelfth failure.
 * A refusal is an answer (the e-invoice is failed), not an error.
 */
const einvoiceWork: TopicSettings = {
  backoff: { firstDelayMs: 30_000, factor: 2, maxDelayMs: 3_600_000, jitter: 0, maxAttempts: 12 },
  leaseMs: 120_000,
};

/** Every kind of work the queue knows. A topic's handler lives with its feature (src/jobs/settle-jobs.ts wires them). */
export const queueTopics = {
  /** A billing admin's notice (notifications.id), emailed in their language. */
  'email.notification': mail,
  /** An alert to the provider (provider_emails.id). */
  'email.provider': mail,
  /** A card payment in flight (payments.id): pending, unknown, or waiting for the cardholder's bank. */
  'payment.reconcile': paymentCheck,
  /** A payment recorded not charged (payments.id), checked at the processor for a charge to refund. */
  'payment.unrecorded-charge': unrecordedChargeCheck,
  /** A refund the seller asked for (refunds.id), sent until the processor answers. */
  'refund.send': refundSend,
  /** An e-invoice to issue (einvoices.id): a paid TWD invoice's, or one reissued in place of a void one. */
  'einvoice.issue': einvoiceWork,
  /** An e-invoice to void (einvoices.id), its allowances first. */
  'einvoice.void': einvoiceWork,
  /** An allowance to issue against an e-invoice (einvoice_allowances.id). */
  'einvoice.allowance': einvoiceWork,
} as const satisfies Record<string, TopicSettings>;

export type QueueTopic = keyof typeof queueTopics;

export const queueTopicNames = Object.keys(queueTopics) as QueueTopic[];
