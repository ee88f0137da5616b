import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import type { CurrencyCode } from '../domain/money.js';
import type { PaymentGateway, ProcessorCharge } from '../gateway/payment-gateway.js';
import { GatewayUnavailableError } from '../gateway/payment-gateway.js';
import { notifyBillingAdmins } from '../notifications/notify-billing-admins.js';

/** How far back reconciliation compares the processor's charges with Settle's payments. */
export const unrecordedChargeWindowMs = 7 * 24 * 60 * 60 * 1000;

/**
 * The second line of defence: a charge the processor made under a payment's key that Settle
 * recorded as not succeeded (it was declared not charged, or failed) is money Settle must not keep.
 * It is refunded automatically, once (the refund's id is the processor's key, and a payment has at
 * most one refund), audited, and the billing admins are told. Payments still pending or unknown are
 * left to reconciliation; succeeded ones are the ledger check's to compare. Resolves with how many
 * refunds were confirmed by the processor in this run.
 */
export async function refundUnrecordedCharges(options: {
  db: Db;
  gateway: PaymentGateway;
  now: Date;
  log: (message: string) => void;
}): Promise<number> {
  const { db, gateway, now } = options;
  const charges = (
    await gateway.listSucceededCharges({ createdAfter: new Date(now.getTime() - unrecordedChargeWindowMs) })
  ).filter((charge) => charge.amountMinor > charge.refundedMinor);
  if (charges.length === 0) return 0;
  const payments = await db
    .selectFrom('payments')
    .select(['id', 'status', 'organization_id', 'currency'])
    .where(
      'id',
      'in',
      charges.map((charge) => charge.idempotencyKey),
    )
    .execute();
  const byId = new Map(payments.map((payment) => [payment.id, payment]));
  let refunded = 0;
  for (const charge of charges) {
    const payment = byId.get(charge.idempotencyKey);
    if (!payment) {
      // Every charge Settle makes has its payment row committed first; this one is not Settle's.
      options.log(
        `processor charge under key ${charge.idempotencyKey} matches no payment; review it at the processor`,
      );
      continue;
    }
    if (payment.status !== 'failed') continue;
    try {
      if (await refundCharge({ db, gateway, now, charge, payment })) refunded++;
    } catch (error) {
      if (!(error instanceof GatewayUnavailableError)) throw error;
      // The refund's outcome is unknown: the same key is asked again next run, and refunds at most once.
    }
  }
  return refunded;
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
    .onConflict((oc) => oc.column('payment_id').doNothing())
    .execute();
  const refund = await db
    .selectFrom('refunds')
    .select(['id', 'amount_minor', 'status'])
    .where('payment_id', '=', payment.id)
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
