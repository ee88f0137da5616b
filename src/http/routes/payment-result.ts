import type { Payment } from '../../db/schema.js';
import type { NextAction } from '../../gateway/payment-gateway.js';
import { asCardPayment } from '../../payments/card-payment.js';

/** A payment as the admin center sees it after Save, or after the bank's challenge. */
export function paymentResult(made: Payment & { nextAction?: NextAction }) {
  const payment = { ...asCardPayment(made), nextAction: made.nextAction };
  return {
    paymentId: payment.id,
    subscriptionId: payment.subscription_id,
    status: payment.status,
    amountMinor: payment.amount_minor,
    currency: payment.currency,
    card: { brand: payment.card_brand, last4: payment.card_last4 },
    ...(payment.nextAction ? { nextAction: payment.nextAction } : {}),
  };
}
