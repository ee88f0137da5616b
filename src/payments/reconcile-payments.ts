import type { Db } from '../db/connect.js';
import { inFlightPaymentStatuses } from '../db/schema.js';
import { faultPoint } from '../faults/fault-point.js';
import type { IntentState, PaymentGateway } from '../gateway/payment-gateway.js';
import { GatewayUnavailableError } from '../gateway/payment-gateway.js';
import { cancelAfterMs, challengeWindowMs } from './deadlines.js';
import { nextReconcileAt, recordedOutcomeOf, recordPaymentOutcome } from './record-payment-outcome.js';
import { refundUnrecordedCharges } from './refund-unrecorded-charges.js';

export interface ReconcileReport {
  examined: number;
  succeeded: number;
  failed: number;
  stillUnknown: number;
  /** Waiting for the cardholder's bank challenge, still within its window. */
  awaitingCardholder: number;
  /** Payments whose reconciliation threw: each was logged by id and is asked about again later. */
  errors: number;
  /** Processor charges that no succeeded payment accounts for, refunded now. */
  refunded: number;
}

/**
 * Asks the processor, by the same key, what became of every payment left pending or unknown, and
 * applies the answer. "Never seen" is never taken as final on its own: once the charge deadline is
 * long past, the intent is canceled at the processor, whose answer is authoritative (canceled: no
 * money moved and a late confirm will be refused; or the charge it already made). Each payment is
 * isolated: one that throws is logged, postponed and counted, and the others go on.
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
  log?: (message: string) => void;
}): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((message: string) => console.error(message));
  let query = options.db
    .selectFrom('payments')
    .select(['id', 'created_at', 'reconcile_attempts'])
    .where('status', 'in', inFlightPaymentStatuses)
    .orderBy('next_reconcile_at')
    .limit(options.limit ?? 500);
  if (!options.everyInFlight) query = query.where('next_reconcile_at', '<=', now);
  const due = await query.execute();
  const report: ReconcileReport = {
    examined: due.length,
    succeeded: 0,
    failed: 0,
    stillUnknown: 0,
    awaitingCardholder: 0,
    errors: 0,
    refunded: 0,
  };
  for (const payment of due) {
    try {
      const state = await finalStateOf(options.gateway, payment, now);
      if (state.status === 'requires_confirmation' || state.status === 'not_found') {
        await postpone(options.db, payment.id, now, payment.reconcile_attempts);
        report.stillUnknown++;
        continue;
      }
      faultPoint('during_reconcile');
      if (state.status === 'requires_action') {
        await recordPaymentOutcome({
          db: options.db,
          paymentId: payment.id,
          outcome: state,
          actorUserId: null,
          now,
        });
        report.awaitingCardholder++;
        continue;
      }
      const recorded = await recordPaymentOutcome({
        db: options.db,
        paymentId: payment.id,
        outcome: recordedOutcomeOf(state),
        actorUserId: null,
        now,
      });
      if (recorded.status === 'succeeded') report.succeeded++;
      else report.failed++;
    } catch (error) {
      if (error instanceof GatewayUnavailableError) report.stillUnknown++;
      else {
        report.errors++;
        log(`reconciliation of payment ${payment.id} failed: ${describe(error)}`);
      }
      await postpone(options.db, payment.id, now, payment.reconcile_attempts).catch(() => undefined);
    }
  }
  try {
    const refunds = await refundUnrecordedCharges({ db: options.db, gateway: options.gateway, now, log });
    report.refunded = refunds.refunded;
    report.errors += refunds.errors;
  } catch (error) {
    report.errors++;
    log(`looking for unrecorded charges failed: ${describe(error)}`);
  }
  return report;
}

async function finalStateOf(
  gateway: PaymentGateway,
  payment: { id: string; created_at: Date },
  now: Date,
): Promise<IntentState> {
  const state = await gateway.lookupIntent(payment.id);
  // A challenge the cardholder left unfinished is canceled once its window has passed.
  if (state.status === 'requires_action')
    return now.getTime() - payment.created_at.getTime() <= challengeWindowMs
      ? state
      : gateway.cancelIntent(payment.id);
  if (state.status !== 'requires_confirmation' && state.status !== 'not_found') return state;
  if (now.getTime() - payment.created_at.getTime() <= cancelAfterMs()) return state;
  return gateway.cancelIntent(payment.id);
}

/** The error's kind and message only: never a value that might carry a token. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : 'unknown error';
}

async function postpone(db: Db, paymentId: string, now: Date, attempts: number): Promise<void> {
  await db
    .updateTable('payments')
    .set({ reconcile_attempts: attempts + 1, next_reconcile_at: nextReconcileAt(now, attempts + 1) })
    .where('id', '=', paymentId)
    .where('status', 'in', inFlightPaymentStatuses)
    .execute();
}
