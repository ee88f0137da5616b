import type { Db } from '../db/connect.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { GatewayUnavailableError } from '../gateway/payment-gateway.js';
import { chargeDeadlineMs } from './charge-balance.js';
import { nextReconcileAt, recordPaymentOutcome } from './record-payment-outcome.js';

export interface ReconcileReport {
  examined: number;
  succeeded: number;
  failed: number;
  stillUnknown: number;
}

/**
 * Asks the processor, by the same key, what became of every payment left pending or unknown, and
 * applies the answer. A key the processor never saw, once the charge deadline is long past, means
 * no money moved: the payment fails as not_charged and the balance is free for another try.
 */
export async function reconcilePayments(options: {
  db: Db;
  gateway: PaymentGateway;
  now?: Date;
  limit?: number;
  /**
   * At start-up, ask about every payment in flight, due or not: a definite answer is safe to apply
   * at any time (recording an outcome is idempotent); only "never seen" waits for the deadline.
   */
  everyInFlight?: boolean;
}): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  let query = options.db
    .selectFrom('payments')
    .select(['id', 'created_at', 'reconcile_attempts'])
    .where('status', 'in', ['pending', 'unknown'])
    .orderBy('next_reconcile_at')
    .limit(options.limit ?? 500);
  if (!options.everyInFlight) query = query.where('next_reconcile_at', '<=', now);
  const due = await query.execute();
  const report: ReconcileReport = { examined: due.length, succeeded: 0, failed: 0, stillUnknown: 0 };
  for (const payment of due) {
    let answer: Awaited<ReturnType<PaymentGateway['lookupCharge']>>;
    try {
      answer = await options.gateway.lookupCharge(payment.id);
    } catch (error) {
      if (!(error instanceof GatewayUnavailableError)) throw error;
      await postpone(options.db, payment.id, now, payment.reconcile_attempts);
      report.stillUnknown++;
      continue;
    }
    if (answer.status === 'succeeded') {
      await recordPaymentOutcome({
        db: options.db,
        paymentId: payment.id,
        outcome: answer,
        actorUserId: null,
        now,
      });
      report.succeeded++;
    } else if (answer.status === 'failed') {
      await recordPaymentOutcome({
        db: options.db,
        paymentId: payment.id,
        outcome: { status: 'failed', failureCode: answer.declineCode },
        actorUserId: null,
        now,
      });
      report.failed++;
    } else if (now.getTime() - payment.created_at.getTime() > 4 * chargeDeadlineMs) {
      await recordPaymentOutcome({
        db: options.db,
        paymentId: payment.id,
        outcome: { status: 'failed', failureCode: 'not_charged' },
        actorUserId: null,
        now,
      });
      report.failed++;
    } else {
      await postpone(options.db, payment.id, now, payment.reconcile_attempts);
      report.stillUnknown++;
    }
  }
  return report;
}

async function postpone(db: Db, paymentId: string, now: Date, attempts: number): Promise<void> {
  await db
    .updateTable('payments')
    .set({ reconcile_attempts: attempts + 1, next_reconcile_at: nextReconcileAt(now, attempts + 1) })
    .where('id', '=', paymentId)
    .where('status', 'in', ['pending', 'unknown'])
    .execute();
}
