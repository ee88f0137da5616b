import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import type { CurrencyCode } from '../domain/money.js';
import { recordPaymentRefunded } from '../events/resource-events.js';
import type { PaymentGateway, ProcessorCharge } from '../gateway/payment-gateway.js';
import { GatewayUnavailableError } from '../gateway/payment-gateway.js';
import { notifyBillingAdmins } from '../notifications/notify-billing-admins.js';
import { notChargedCheckAt } from './record-payment-outcome.js';

/**
 * The second line of defence: "not charged" is Settle's conclusion (reconciliation canceled the intent
 * and the processor confirmed the cancel), so each such payment is looked up at the processor again
 * (the queue's 'payment.unrecorded-charge' task), after 1 h, then 2, 4 … hours, for about a week. A
 * charge found there anyway is money Settle must not keep: it is refunded automatically, once (the
 * refund's id is the processor's key, and a payment has at most one refund), audited, and the billing
 * admins are told. A refund the processor refuses throws: the queue tries it again on its schedule,
 * under the same key, while the payments behind it go on. (A processor charge under no payment at all
 * cannot come from Settle, which records a payment before it calls the processor; check:ledger
 * reports one.)
 */
export async function checkUnrecordedCharge(options: {
  db: Db;
  gateway: PaymentGateway;
  paymentId: string;
  /** This check's number (1 the first time). */
  attempt: number;
  now: Date;
}): Promise<{ refunded: boolean; again: Date | null }> {
  const { db, gateway, now } = options;
  const payment = await db
    .selectFrom('payments')
    .select(['id', 'organization_id', 'currency'])
    .where('id', '=', options.paymentId)
    .where('status', '=', 'failed')
    .where('failure_code', '=', 'not_charged')
    .executeTakeFirst();
  if (!payment) return { refunded: false, again: null };
  const again = notChargedCheckAt(now, options.attempt);
  let charge: ProcessorCharge | undefined;
  try {
    charge = (await gateway.findCharges([payment.id])).find((c) => c.idempotencyKey === payment.id);
  } catch (error) {
    // Not asked this time: looked for again at the next step of the week.
    if (error instanceof GatewayUnavailableError) return { refunded: false, again };
    throw error;
  }
  if (!charge || charge.amountMinor <= charge.refundedMinor) return { refunded: false, again };
  // An unknown outcome (unavailable) or a refusal throws: tried again under the same refund key.
  const refunded = await refundCharge({ db, gateway, now, charge, payment });
  // Given back: nothing more to look for under this payment.
  return { refunded, again: null };
}

async function refundCharge(options: {
  db: Db;
  gateway: PaymentGateway;
  now: Date;
  charge: ProcessorCharge;
  payment: { id: string; organization_id: string; currency: CurrencyCode };
}): Promise<boolean> {
  const { db, charge, payment, now } = options;
  const amountMinor = charge.amountMinor - charge.refundedMinor;
  await db
    .insertInto('refunds')
    .values({
      id: randomUUID(),
      organization_id: payment.organization_id,
      payment_id: payment.id,
      amount_minor: amountMinor,
      currency: payment.currency,
      reason: 'unrecorded_charge',
      status: 'pending',
      gateway_refund_id: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('payment_id').where('reason', '=', 'unrecorded_charge').doNothing())
    .execute();
  const refund = await db
    .selectFrom('refunds')
    .select(['id', 'amount_minor', 'status'])
    .where('payment_id', '=', payment.id)
    .where('reason', '=', 'unrecorded_charge')
    .executeTakeFirstOrThrow();
  if (refund.status === 'succeeded') return false;
  // Outside any transaction, as every processor call.
  const { refundId } = await options.gateway.refund({
    idempotencyKey: refund.id,
    chargeKey: payment.id,
    amountMinor: refund.amount_minor,
  });
  return db.transaction().execute(async (tx) => {
    const done = await tx
      .updateTable('refunds')
      .set({ status: 'succeeded', gateway_refund_id: refundId, updated_at: now })
      .where('id', '=', refund.id)
      .where('status', '=', 'pending')
      .returning(['id'])
      .executeTakeFirst();
    if (!done) return false;
    const subject = await tx
      .selectFrom('payments')
      .select(['subscription_id', 'amount_minor'])
      .where('id', '=', payment.id)
      .executeTakeFirstOrThrow();
    await recordAudit({
      tx,
      organizationId: payment.organization_id,
      actorUserId: null,
      action: 'payment.refunded',
      targetType: 'payment',
      targetId: payment.id,
      details: {
        subscriptionId: subject.subscription_id,
        amountMinor: refund.amount_minor,
        currency: charge.currency,
        reason: 'unrecorded_charge',
      },
    });
    await recordPaymentRefunded(tx, payment.id, {
      id: refund.id,
      amountMinor: refund.amount_minor,
      currency: payment.currency,
      reason: 'unrecorded_charge',
    });
    await notifyBillingAdmins({
      tx,
      organizationId: payment.organization_id,
      subscriptionId: subject.subscription_id,
      kind: 'payment_refunded',
      amountMinor: refund.amount_minor,
    });
    return true;
  });
}
