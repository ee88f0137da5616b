import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { inFlightPaymentStatuses, type Payment } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { faultPoint } from '../faults/fault-point.js';
import type { CardDetails, NextAction, PaymentGateway } from '../gateway/payment-gateway.js';
import { createAndConfirm, GatewayUnavailableError, withDeadline } from '../gateway/payment-gateway.js';
import { outstandingBySubscription } from '../ledger/outstanding-balance.js';
import { queueTask } from '../queue/enqueue-tasks.js';
import { asCardPayment } from './card-payment.js';
import { paymentDeadlines } from './deadlines.js';
import { type RecordedOutcome, recordedOutcomeOf, recordPaymentOutcome } from './record-payment-outcome.js';

/**
 * Charges a subscription's whole outstanding balance once: an admin settling it, or the system
 * retrying. The payment is recorded pending before the processor is called and its outcome after,
 * never inside one transaction, so a crash at any point leaves a record that reconciliation can finish.
 * Resolves with the recorded payment (succeeded, failed, unknown, or requires_action with the step
 * the cardholder's browser takes next).
 */
export async function chargeBalance(options: {
  db: Db;
  gateway: PaymentGateway;
  organizationId: string;
  subscriptionId: string;
  card: { paymentMethodId: string | null; details: CardDetails };
  /** The admin who asked; null for the system's own retries. */
  createdByUserId: string | null;
  /** The amount the admin was shown: a balance that moved since is refused, not charged. */
  expectedAmountMinor?: bigint;
  /** False only when the cardholder is at the page and can answer their bank's challenge. */
  offSession: boolean;
  now: Date;
}): Promise<Payment & { nextAction?: NextAction }> {
  const { db, card, now } = options;
  faultPoint('before_pending');
  const payment = await db.transaction().execute(async (tx) => {
    // The row lock queues concurrent settlements of one balance; the partial unique index on
    // in-flight payments backs it up across processes.
    const subscription = await tx
      .selectFrom('subscriptions')
      .select('status')
      .where('id', '=', options.subscriptionId)
      .where('organization_id', '=', options.organizationId)
      .forUpdate()
      .executeTakeFirst();
    // Read again under the lock: dunning may have deleted it since the caller looked.
    if (!subscription) throw new AppError('subscription_not_found');
    if (subscription.status === 'deleted') throw new AppError('subscription_deleted');
    const inFlight = await tx
      .selectFrom('payments')
      .select('id')
      .where('subscription_id', '=', options.subscriptionId)
      .where('status', 'in', inFlightPaymentStatuses)
      .executeTakeFirst();
    if (inFlight) throw new AppError('payment_in_progress', { paymentId: inFlight.id });
    const invoices = await tx
      .selectFrom('invoices')
      .select(['id', 'currency', sql<bigint>`amount_minor - credited_minor - paid_minor`.as('amount_minor')])
      .where('subscription_id', '=', options.subscriptionId)
      .where('organization_id', '=', options.organizationId)
      .where('status', '=', 'open')
      .orderBy('issued_on')
      .forUpdate()
      .execute();
    const first = invoices[0];
    if (!first) throw new AppError('nothing_to_settle');
    const amountMinor = invoices.reduce((sum, invoice) => sum + invoice.amount_minor, 0n);
    const ledger = await outstandingBySubscription({
      db: tx,
      organizationId: options.organizationId,
      subscriptionIds: [options.subscriptionId],
    });
    if ((ledger.get(options.subscriptionId) ?? 0n) !== amountMinor) {
      throw new Error(`ledger and open invoices disagree for subscription ${options.subscriptionId}`);
    }
    if (options.expectedAmountMinor !== undefined && amountMinor !== options.expectedAmountMinor) {
      throw new AppError('balance_changed', { amountMinor: amountMinor.toString() });
    }
    const id = randomUUID();
    // The payment and the invoices it covers go in as one statement: one round trip fewer.
    return (
      tx
        .with('payment', (db) =>
          db
            .insertInto('payments')
            .values({
              id,
              organization_id: options.organizationId,
              subscription_id: options.subscriptionId,
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
              created_by_user_id: options.createdByUserId,
              // The caller's clock, not the database's: jobs and their tests run on a clock they set.
              created_at: now,
              updated_at: now,
            })
            .returningAll(),
        )
        // Its check at the processor, queued with it in the same statement: if this process dies
        // mid-charge, or the outcome stays unknown, the queue asks the processor from here. A final
        // outcome recorded first closes it.
        .with('reconcile', (db) =>
          db.insertInto('queue_tasks').values(
            queueTask({
              topic: 'payment.reconcile',
              subjectId: id,
              runAt: new Date(now.getTime() + 2 * paymentDeadlines.chargeMs),
            }),
          ),
        )
        .with('covered', (db) =>
          db.insertInto('payment_invoices').values(
            invoices.map((invoice) => ({
              payment_id: id,
              invoice_id: invoice.id,
              amount_minor: invoice.amount_minor,
            })),
          ),
        )
        .selectFrom('payment')
        .selectAll()
        .executeTakeFirstOrThrow()
    );
  });

  faultPoint('after_pending');
  const { outcome, nextAction } = await chargeOutsideTransaction(
    options.gateway,
    payment,
    options.offSession,
  );
  faultPoint('after_charge');
  const recorded = await recordPaymentOutcome({
    db,
    paymentId: payment.id,
    outcome,
    actorUserId: options.createdByUserId,
    now,
  });
  return recorded.status === 'requires_action' && nextAction ? { ...recorded, nextAction } : recorded;
}

async function chargeOutsideTransaction(
  gateway: PaymentGateway,
  payment: Payment,
  offSession: boolean,
): Promise<{ outcome: RecordedOutcome; nextAction?: NextAction }> {
  try {
    const result = await withDeadline(
      createAndConfirm(gateway, {
        idempotencyKey: payment.id,
        token: asCardPayment(payment).gateway_token,
        amountMinor: payment.amount_minor,
        currency: payment.currency,
        offSession,
      }),
      paymentDeadlines.chargeMs,
    );
    const outcome = recordedOutcomeOf(result);
    return result.status === 'requires_action' ? { outcome, nextAction: result.nextAction } : { outcome };
  } catch (error) {
    if (error instanceof GatewayUnavailableError) return { outcome: { status: 'unknown' } };
    throw error;
  }
}
