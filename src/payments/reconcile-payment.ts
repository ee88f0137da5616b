import type { Db } from '../db/connect.js';
import { inFlightPaymentStatuses } from '../db/schema.js';
import { faultPoint } from '../faults/fault-point.js';
import type { IntentState, PaymentGateway } from '../gateway/payment-gateway.js';
import { GatewayUnavailableError } from '../gateway/payment-gateway.js';
import { cancelAfterMs, challengeWindowMs } from './deadlines.js';
import { nextReconcileAt, recordedOutcomeOf, recordPaymentOutcome } from './record-payment-outcome.js';

export type ReconcileOutcome =
  | { kind: 'not_in_flight' }
  | { kind: 'succeeded' | 'failed' }
  /** Nothing final yet (or the processor could not be asked): looked at again `again`. */
  | { kind: 'still_unknown'; again: Date }
  /** Waiting for the cardholder's bank challenge, still within its window. */
  | { kind: 'awaiting_cardholder'; again: Date };

/**
 * Asks the processor, by the payment's own key, what became of one payment left pending, unknown or
 * waiting for the cardholder, and applies the answer (the queue's 'payment.reconcile' task). "Never
 * seen" is never taken as final on its own: once the charge deadline is long past, the intent is
 * canceled at the processor, whose answer is authoritative (canceled: no money moved and a late
 * confirm will be refused; or the charge it already made). A throw is a failed attempt, retried on
 * the queue's schedule.
 */
export async function reconcilePayment(options: {
  db: Db;
  gateway: PaymentGateway;
  paymentId: string;
  /** This check's number (1 the first time): the waits between checks grow with it. */
  attempt: number;
  now: Date;
}): Promise<ReconcileOutcome> {
  const { db, now } = options;
  const payment = await db
    .selectFrom('payments')
    .select(['id', 'status', 'created_at'])
    .where('id', '=', options.paymentId)
    .executeTakeFirst();
  if (!payment || !(inFlightPaymentStatuses as readonly string[]).includes(payment.status))
    return { kind: 'not_in_flight' };
  const later = nextReconcileAt(now, options.attempt);
  let state: IntentState;
  try {
    state = await finalStateOf(options.gateway, payment, now);
  } catch (error) {
    // The processor cannot be asked now: nothing is known yet, which is no fault of the payment's.
    if (error instanceof GatewayUnavailableError) return { kind: 'still_unknown', again: later };
    throw error;
  }
  if (state.status === 'requires_confirmation' || state.status === 'not_found')
    return { kind: 'still_unknown', again: later };
  faultPoint('during_reconcile');
  if (state.status === 'requires_action') {
    await recordPaymentOutcome({ db, paymentId: payment.id, outcome: state, actorUserId: null, now });
    // Asked again once the window has passed, when an unfinished challenge is canceled.
    return {
      kind: 'awaiting_cardholder',
      again: new Date(Math.max(payment.created_at.getTime() + challengeWindowMs + 1_000, later.getTime())),
    };
  }
  const recorded = await recordPaymentOutcome({
    db,
    paymentId: payment.id,
    outcome: recordedOutcomeOf(state),
    actorUserId: null,
    now,
  });
  return { kind: recorded.status === 'succeeded' ? 'succeeded' : 'failed' };
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
