import type { Payment } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { declineCodes } from '../gateway/payment-gateway.js';

/**
 * What the admin is told when a payment they made did not go through: the processor's reason as a
 * refusal (402), or "not charged" when it never reached the card issuer. Null when it did not fail.
 */
export function paymentRefusal(payment: Payment): AppError | null {
  if (payment.status !== 'failed') return null;
  if (payment.failure_code === 'not_charged') return new AppError('payment_not_charged', details(payment));
  const code = (declineCodes as readonly string[]).includes(payment.failure_code ?? '')
    ? (payment.failure_code as (typeof declineCodes)[number])
    : 'card_declined';
  return new AppError(code, details(payment));
}

/** Which payment, and whose subscription (a page the bank sent back to goes there). */
const details = (payment: Payment) => ({ paymentId: payment.id, subscriptionId: payment.subscription_id });
