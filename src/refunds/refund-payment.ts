import { randomUUID } from 'node:crypto';
import type { RefundObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import type { RefundReason } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { type CurrencyCode, isWholeBillingStep } from '../domain/money.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';
import { readRefundObjects } from '../resources/refund-objects.js';
import { sendRefund } from './send-refund.js';

/**
 * The seller gives money back on a card payment, all of it or part, with a reason. Every bound is
 * checked under the payment's lock before anything is written: only a succeeded payment, in its own
 * currency, never more in all than was paid, one refund in flight per payment. The refund is recorded
 * pending with its check queued (both with the request's key, in one transaction), then sent to the
 * processor under its own id, outside any transaction. A lost answer leaves it pending: the queue asks
 * again under the same key until the processor says (src/refunds/send-refund.ts). Nothing is refunded twice.
 */
export async function refundPayment(options: {
  db: Db;
  gateway: PaymentGateway;
  paymentId: string;
  /** All that is left to refund when not given. */
  amountMinor?: bigint | undefined;
  /** When given, it must be the payment's. */
  currency?: CurrencyCode | undefined;
  reason: Exclude<RefundReason, 'unrecorded_charge'>;
  note?: string | undefined;
  by: { apiKeyName: string };
  idempotency?: IdempotencyClaim | null;
  now?: Date;
}): Promise<RefundObject> {
  const { db } = options;
  const now = options.now ?? new Date();
  const refundId = await db.transaction().execute(async (tx) => {
    const made = await resourceOfKey(tx, options.idempotency, 'refund');
    if (made) return made;
    const payment = await tx
      .selectFrom('payments')
      .select(['id', 'organization_id', 'status', 'method', 'amount_minor', 'currency'])
      .where('id', '=', options.paymentId)
      .forUpdate()
      .executeTakeFirst();
    if (!payment) throw new AppError('not_found');
    // Money received outside a card goes back outside Settle too (a credit note records it).
    if (payment.status !== 'succeeded' || payment.method !== 'card')
      throw new AppError('payment_not_refundable');
    if (options.currency && options.currency !== payment.currency)
      throw new AppError('currency_mismatch', { currency: payment.currency });
    const refunds = await tx
      .selectFrom('refunds')
      .select(['id', 'status', 'amount_minor'])
      .where('payment_id', '=', payment.id)
      .where('status', '!=', 'failed')
      .execute();
    const inFlight = refunds.find((refund) => refund.status === 'pending');
    if (inFlight) throw new AppError('refund_in_progress', { refundId: inFlight.id });
    const refundableMinor = payment.amount_minor - refunds.reduce((sum, r) => sum + r.amount_minor, 0n);
    const amountMinor = options.amountMinor ?? refundableMinor;
    if (amountMinor <= 0n || amountMinor > refundableMinor)
      throw new AppError('refund_exceeds_payment', { refundableMinor: String(refundableMinor) });
    if (!isWholeBillingStep(amountMinor, payment.currency))
      throw new AppError('validation_failed', { field: 'amountMinor', reason: 'not_a_whole_billing_step' });
    const id = randomUUID();
    await tx
      .insertInto('refunds')
      .values({
        id,
        organization_id: payment.organization_id,
        payment_id: payment.id,
        amount_minor: amountMinor,
        currency: payment.currency,
        reason: options.reason,
        note: options.note ?? null,
        requested_by: options.by.apiKeyName,
        status: 'pending',
        gateway_refund_id: null,
        succeeded_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // Queued with the refund: a process that dies before the processor answers leaves it to the queue.
    await enqueueTasks({
      tx,
      topic: 'refund.send',
      subjectIds: [id],
      runAt: new Date(now.getTime() + 30_000),
    });
    await bindResourceToKey(tx, options.idempotency, { type: 'refund', id });
    return id;
  });
  // Committed and queued: whatever happens to this call, the queue finishes the refund.
  await sendRefund({ db, gateway: options.gateway, refundId, now }).catch((error: unknown) =>
    console.error(
      `refund ${refundId} not sent yet: ${error instanceof Error ? error.message.split('\n')[0] : 'failed'}`,
    ),
  );
  const refund = (await readRefundObjects(db, [refundId])).get(refundId);
  if (!refund) throw new Error(`refund ${refundId} vanished`);
  return refund;
}
