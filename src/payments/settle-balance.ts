import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import { outstandingBySubscription } from '../billing/outstanding-balance.js';
import type { Db } from '../db/connect.js';
import type { Payment } from '../db/schema.js';
import { can } from '../domain/permissions.js';
import type { CardDetails, DeclineCode, PaymentGateway } from '../gateway/payment-gateway.js';
import { GatewayUnavailableError, withDeadline } from '../gateway/payment-gateway.js';
import { AppError } from '../http/errors.js';
import { type RecordedOutcome, recordPaymentOutcome } from './record-payment-outcome.js';
import { type CardExpiry, updateCardExpiry } from './update-card-expiry.js';

export type SettleCard =
  | { kind: 'existing'; paymentMethodId: string; newExpiry?: CardExpiry | undefined }
  | { kind: 'new'; token: string };

export const chargeDeadlineMs = 15_000;

const declineCodes: readonly string[] = [
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'processing_error',
];

/**
 * Charges a subscription's whole outstanding balance at once. The payment is recorded pending
 * before the processor is called and its outcome after, never inside one transaction, so a crash
 * at any point leaves a record that reconciliation can finish.
 */
export async function settleBalance(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  subscriptionId: string;
  card: SettleCard;
  /** The amount the admin was shown: a balance that moved since is refused, not charged. */
  expectedAmountMinor: bigint;
  now?: Date;
}): Promise<Payment> {
  const { db, actor } = options;
  const now = options.now ?? new Date();
  if (!can(actor.role, 'billing.manage')) throw new AppError('permission_denied');

  const subscription = await db
    .selectFrom('subscriptions')
    .select(['id', 'status'])
    .where('id', '=', options.subscriptionId)
    .where('organization_id', '=', actor.organizationId)
    .executeTakeFirst();
  if (!subscription) throw new AppError('subscription_not_found');
  if (subscription.status === 'deleted') throw new AppError('subscription_deleted');

  const card = await resolveCard({ ...options, now });

  const payment = await db.transaction().execute(async (tx) => {
    // The row lock queues concurrent settlements of one balance; the partial unique index on
    // in-flight payments backs it up across processes.
    await tx
      .selectFrom('subscriptions')
      .select('id')
      .where('id', '=', subscription.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const inFlight = await tx
      .selectFrom('payments')
      .select('id')
      .where('subscription_id', '=', subscription.id)
      .where('status', 'in', ['pending', 'unknown'])
      .executeTakeFirst();
    if (inFlight) throw new AppError('payment_in_progress', { paymentId: inFlight.id });
    const invoices = await tx
      .selectFrom('invoices')
      .select(['id', 'amount_minor', 'currency'])
      .where('subscription_id', '=', subscription.id)
      .where('organization_id', '=', actor.organizationId)
      .where('status', '=', 'open')
      .orderBy('issued_on')
      .forUpdate()
      .execute();
    const first = invoices[0];
    if (!first) throw new AppError('nothing_to_settle');
    const amountMinor = invoices.reduce((sum, invoice) => sum + invoice.amount_minor, 0n);
    const ledger = await outstandingBySubscription({
      db: tx,
      organizationId: actor.organizationId,
      subscriptionIds: [subscription.id],
    });
    if ((ledger.get(subscription.id) ?? 0n) !== amountMinor) {
      throw new Error(`ledger and open invoices disagree for subscription ${subscription.id}`);
    }
    if (amountMinor !== options.expectedAmountMinor) {
      throw new AppError('balance_changed', { amountMinor: amountMinor.toString() });
    }
    const id = randomUUID();
    const inserted = await tx
      .insertInto('payments')
      .values({
        id,
        organization_id: actor.organizationId,
        subscription_id: subscription.id,
        payment_method_id: card.paymentMethodId,
        gateway_token: card.details.token,
        card_brand: card.details.brand,
        card_last4: card.details.last4,
        card_exp_month: card.details.expMonth,
        card_exp_year: card.details.expYear,
        cardholder_name: card.details.cardholderName,
        amount_minor: amountMinor,
        currency: first.currency,
        status: 'pending',
        failure_code: null,
        gateway_charge_id: null,
        created_by_user_id: actor.userId,
        // If this process dies mid-charge, reconciliation picks the payment up from here.
        next_reconcile_at: new Date(now.getTime() + 2 * chargeDeadlineMs),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('payment_invoices')
      .values(
        invoices.map((invoice) => ({
          payment_id: id,
          invoice_id: invoice.id,
          amount_minor: invoice.amount_minor,
        })),
      )
      .execute();
    return inserted;
  });

  const outcome = await chargeOutsideTransaction(options.gateway, payment);
  const recorded = await recordPaymentOutcome({
    db,
    paymentId: payment.id,
    outcome,
    actorUserId: actor.userId,
    now,
  });
  if (recorded.status === 'failed') {
    const code = declineCodes.includes(recorded.failure_code ?? '')
      ? (recorded.failure_code as DeclineCode)
      : 'card_declined';
    throw new AppError(code, { paymentId: recorded.id });
  }
  return recorded;
}

async function chargeOutsideTransaction(gateway: PaymentGateway, payment: Payment): Promise<RecordedOutcome> {
  try {
    const result = await withDeadline(
      gateway.charge({
        idempotencyKey: payment.id,
        token: payment.gateway_token,
        amountMinor: payment.amount_minor,
        currency: payment.currency,
      }),
      chargeDeadlineMs,
    );
    return result.status === 'succeeded' ? result : { status: 'failed', failureCode: result.declineCode };
  } catch (error) {
    if (error instanceof GatewayUnavailableError) return { status: 'unknown' };
    throw error;
  }
}

async function resolveCard(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  card: SettleCard;
  now: Date;
}): Promise<{ paymentMethodId: string | null; details: CardDetails }> {
  const { db, actor, card } = options;
  if (card.kind === 'existing') {
    let method = await db
      .selectFrom('payment_methods')
      .selectAll()
      .where('id', '=', card.paymentMethodId)
      .where('organization_id', '=', actor.organizationId)
      .executeTakeFirst();
    if (!method) throw new AppError('payment_method_not_found');
    if (card.newExpiry) {
      method = await updateCardExpiry({ ...options, paymentMethodId: method.id, expiry: card.newExpiry });
    }
    return {
      paymentMethodId: method.id,
      details: {
        token: method.gateway_token,
        brand: method.brand,
        last4: method.last4,
        expMonth: method.exp_month,
        expYear: method.exp_year,
        cardholderName: method.cardholder_name,
      },
    };
  }
  const saved = await db
    .selectFrom('payment_methods')
    .select(['id', 'organization_id'])
    .where('gateway_token', '=', card.token)
    .executeTakeFirst();
  // A token is one organization's: another tenant's token is as good as none.
  if (saved && saved.organization_id !== actor.organizationId) throw new AppError('card_token_invalid');
  const details = await options.gateway.getCard(card.token);
  if (!details) throw new AppError('card_token_invalid');
  return { paymentMethodId: saved?.id ?? null, details };
}
