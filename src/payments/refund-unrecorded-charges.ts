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
 * and the processor confirmed the cancel), so each such payment is looked up at the processor again,
 * after 1 h, then 2, 4 … hours, for about a week. A charge found there anyway is money Settle must not
 * keep: it is refunded automatically, once (the refund's id is the processor's key, and a payment has
 * at most one refund), audited, and the billing admins are told. Resolves with how many refunds the
 * processor confirmed in this run, and how many payments failed (each logged by id and looked at again
 * on its schedule: one refund the processor refuses never holds up the others). (A processor charge under no payment at all cannot come from Settle,
 * which records a payment before it calls the processor; check:ledger reports one.)
 */
export async function refundUnrecordedCharges(options: {
  db: Db;
  gateway: PaymentGateway;
  now: Date;
  limit?: number;
  log?: (message: string) => void;
}): Promise<{ refunded: number; errors: number }> {
  const { db, gateway, now } = options;
  const log = options.log ?? ((message: string) => console.error(message));
  const due = await db
    .selectFrom('payments')
    .select(['id', 'organization_id', 'currency', 'reconcile_attempts'])
    .where('status', '=', 'failed')
    .where('failure_code', '=', 'not_charged')
    .where('next_reconcile_at', '<=', now)
    .orderBy('next_reconcile_at')
    .limit(options.limit ?? 200)
    .execute();
  if (due.length === 0) return { refunded: 0, errors: 0 };
  const charges = new Map(
    (await gateway.findCharges(due.map((p) => p.id))).map((c) => [c.idempotencyKey, c]),
  );
  let refunded = 0;
  let errors = 0;
  for (const payment of due) {
    const charge = charges.get(payment.id);
    if (charge && charge.amountMinor > charge.refundedMinor) {
      try {
        if (await refundCharge({ db, gateway, now, charge, payment })) refunded++;
        continue;
      } catch (error) {
        // An unknown outcome (unavailable) or a refusal: tried again on the payment's schedule, under
        // the same refund key, so it refunds at most once; meanwhile the payments behind it go on.
        if (!(error instanceof GatewayUnavailableError)) {
          errors++;
          log(
            `refund of unrecorded charge ${payment.id} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
    await db
      .updateTable('payments')
      .set({
        reconcile_attempts: payment.reconcile_attempts + 1,
        next_reconcile_at: notChargedCheckAt(now, payment.reconcile_attempts + 1),
      })
      .where('id', '=', payment.id)
      .where('status', '=', 'failed')
      .execute();
  }
  return { refunded, errors };
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
    // Given back: nothing more to look for under this payment.
    await tx.updateTable('payments').set({ next_reconcile_at: null }).where('id', '=', payment.id).execute();
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
