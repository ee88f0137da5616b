import { recordAudit } from '../audit/record-audit.js';
import { issueRefundCreditNote } from '../credit-notes/issue-refund-credit-note.js';
import type { Db } from '../db/connect.js';
import type { RefundStatus } from '../db/schema.js';
import { refundPostings } from '../domain/ledger.js';
import { recordPaymentRefunded, recordRefundEvent } from '../events/resource-events.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { notifyBillingAdmins } from '../notifications/notify-billing-admins.js';
import { closeTasks } from '../queue/close-tasks.js';

export type RefundOutcome =
  | { kind: 'succeeded'; gatewayRefundId: string }
  | { kind: 'failed'; failureCode: string };

/**
 * Records the processor's answer to a pending refund, once (a second answer, from another process or
 * a late reply, finds it no longer pending and changes nothing). Given back: the ledger moves the money
 * out of the processor's clearing account and reduces revenue, the payment's and the refund's events
 * go out, the billing admins are told. Refused: the refund is failed with the processor's code.
 */
export async function recordRefundOutcome(options: {
  db: Db;
  refundId: string;
  outcome: RefundOutcome;
  now: Date;
}): Promise<RefundStatus> {
  const { outcome, now } = options;
  return options.db.transaction().execute(async (tx) => {
    const refund = await tx
      .updateTable('refunds')
      .set(
        outcome.kind === 'succeeded'
          ? {
              status: 'succeeded',
              gateway_refund_id: outcome.gatewayRefundId,
              succeeded_at: now,
              updated_at: now,
            }
          : { status: 'failed', failure_code: outcome.failureCode, updated_at: now },
      )
      .where('id', '=', options.refundId)
      .where('status', '=', 'pending')
      .returning([
        'id',
        'organization_id',
        'payment_id',
        'amount_minor',
        'currency',
        'reason',
        'note',
        'requested_by',
      ])
      .executeTakeFirst();
    if (!refund) {
      const now = await tx
        .selectFrom('refunds')
        .select('status')
        .where('id', '=', options.refundId)
        .executeTakeFirstOrThrow();
      return now.status;
    }
    await closeTasks({ tx, topic: 'refund.send', subjectIds: [refund.id], now });
    const payment = await tx
      .selectFrom('payments')
      .select('subscription_id')
      .where('id', '=', refund.payment_id)
      .executeTakeFirstOrThrow();
    const audit = {
      tx,
      organizationId: refund.organization_id,
      actorUserId: null,
      targetType: 'payment' as const,
      targetId: refund.payment_id,
      details: {
        refundId: refund.id,
        subscriptionId: payment.subscription_id,
        amountMinor: refund.amount_minor,
        currency: refund.currency,
        reason: refund.reason,
        by: 'provider',
        apiKey: refund.requested_by,
        ...(outcome.kind === 'failed' ? { failureCode: outcome.failureCode } : {}),
      },
    };
    if (outcome.kind === 'failed') {
      await recordAudit({ ...audit, action: 'payment.refund_failed' });
      await recordRefundEvent(tx, 'refund.failed', refund.id);
      return 'failed';
    }
    await postLedgerJournal({
      tx,
      organizationId: refund.organization_id,
      subscriptionId: payment.subscription_id,
      currency: refund.currency,
      invoiceId: null,
      paymentId: refund.payment_id,
      postings: refundPostings(refund.amount_minor),
    });
    await recordAudit({ ...audit, action: 'payment.refund_issued' });
    await issueRefundCreditNote(tx, { ...refund, subscriptionId: payment.subscription_id, now });
    await recordRefundEvent(tx, 'refund.succeeded', refund.id);
    await recordPaymentRefunded(tx, refund.payment_id, {
      id: refund.id,
      amountMinor: refund.amount_minor,
      currency: refund.currency,
      reason: refund.reason,
    });
    await notifyBillingAdmins({
      tx,
      organizationId: refund.organization_id,
      subscriptionId: payment.subscription_id,
      kind: 'refund_issued',
      amountMinor: refund.amount_minor,
    });
    return 'succeeded';
  });
}
