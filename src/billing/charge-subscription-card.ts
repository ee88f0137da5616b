import type { Db } from '../db/connect.js';
import type { Payment } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { chargeBalance } from '../payments/charge-balance.js';

/**
 * The system charges a subscription's whole balance to the subscription's own card (renewal, dunning
 * retry, a change billed now). Null when there is nothing to do now: no card, nothing owed, a payment
 * already in flight, or a customer that pays its invoices itself (send_invoice is never charged).
 */
export async function chargeSubscriptionCard(options: {
  db: Db;
  gateway: PaymentGateway;
  subscriptionId: string;
  now: Date;
}): Promise<Payment | null> {
  const card = await options.db
    .selectFrom('subscriptions')
    .innerJoin('payment_methods', 'payment_methods.id', 'subscriptions.payment_method_id')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    .select([
      'subscriptions.organization_id',
      'payment_methods.id',
      'payment_methods.gateway_token',
      'payment_methods.brand',
      'payment_methods.last4',
      'payment_methods.exp_month',
      'payment_methods.exp_year',
      'payment_methods.cardholder_name',
    ])
    .where('subscriptions.id', '=', options.subscriptionId)
    .where('organizations.collection_method', '=', 'charge_automatically')
    .executeTakeFirst();
  if (!card) return null;
  try {
    return await chargeBalance({
      db: options.db,
      gateway: options.gateway,
      organizationId: card.organization_id,
      subscriptionId: options.subscriptionId,
      card: {
        paymentMethodId: card.id,
        details: {
          token: card.gateway_token,
          brand: card.brand,
          last4: card.last4,
          expMonth: card.exp_month,
          expYear: card.exp_year,
          cardholderName: card.cardholder_name,
        },
      },
      createdByUserId: null,
      // Nobody is at the page to answer a bank's challenge: such a card is declined, and the
      // admin settles the balance with the challenge.
      offSession: true,
      now: options.now,
    });
  } catch (error) {
    if (
      error instanceof AppError &&
      (error.code === 'nothing_to_settle' || error.code === 'payment_in_progress')
    )
      return null;
    throw error;
  }
}
