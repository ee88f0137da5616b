import type { Db } from '../db/connect.js';
import type { RefundStatus } from '../db/schema.js';
import { GatewayUnavailableError, type PaymentGateway, RefundRefused } from '../gateway/payment-gateway.js';
import { recordRefundOutcome } from './record-refund-outcome.js';

/**
 * Sends a pending refund to the processor under its own id, outside any transaction, and records the
 * answer: given back, or refused. Sent again after a lost answer, the processor acts at most once per
 * key and answers with the first time's refund, so asking again is how an unknown outcome is reconciled.
 * Answers the refund's status after the call: still pending when the processor could not be reached.
 */
export async function sendRefund(options: {
  db: Db;
  gateway: PaymentGateway;
  refundId: string;
  now?: Date;
}): Promise<RefundStatus | null> {
  const { db } = options;
  const refund = await db
    .selectFrom('refunds')
    .select(['id', 'payment_id', 'amount_minor', 'status'])
    .where('id', '=', options.refundId)
    .executeTakeFirst();
  if (!refund) return null;
  if (refund.status !== 'pending') return refund.status;
  try {
    const { refundId } = await options.gateway.refund({
      idempotencyKey: refund.id,
      chargeKey: refund.payment_id,
      amountMinor: refund.amount_minor,
    });
    return await recordRefundOutcome({
      db,
      refundId: refund.id,
      outcome: { kind: 'succeeded', gatewayRefundId: refundId },
      now: options.now ?? new Date(),
    });
  } catch (error) {
    if (error instanceof GatewayUnavailableError) return 'pending';
    if (error instanceof RefundRefused)
      return recordRefundOutcome({
        db,
        refundId: refund.id,
        outcome: { kind: 'failed', failureCode: error.code },
        now: options.now ?? new Date(),
      });
    throw error;
  }
}
