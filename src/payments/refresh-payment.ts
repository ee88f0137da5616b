import type { Db } from '../db/connect.js';
import { inFlightPaymentStatuses, type Payment } from '../db/schema.js';
import type { NextAction, PaymentGateway } from '../gateway/payment-gateway.js';
import { recordedOutcomeOf, recordPaymentOutcome } from './record-payment-outcome.js';

/**
 * Asks the processor what became of a payment still in flight and records its answer: after the
 * cardholder's challenge, when a processor's webhook says the intent changed, or before a new
 * settlement replaces a challenge left unfinished (cancel: the processor's answer to the cancel is
 * final, so a charge that went through meanwhile is recorded, never repeated). A payment already
 * final is returned as it is. Throws GatewayUnavailableError when the processor cannot be asked.
 */
export async function refreshPayment(options: {
  db: Db;
  gateway: PaymentGateway;
  paymentId: string;
  /** Cancel the intent if the cardholder has not finished with it. */
  cancelIfWaiting?: boolean;
  actorUserId: string | null;
  now?: Date;
}): Promise<Payment & { nextAction?: NextAction }> {
  const { db, gateway, paymentId } = options;
  const payment = await db
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', paymentId)
    .executeTakeFirstOrThrow();
  if (!(inFlightPaymentStatuses as readonly string[]).includes(payment.status)) return payment;
  let state = await gateway.lookupIntent(paymentId);
  const waiting = state.status === 'requires_action' || state.status === 'requires_confirmation';
  if (waiting && options.cancelIfWaiting) state = await gateway.cancelIntent(paymentId);
  if (state.status === 'not_found' || state.status === 'requires_confirmation') return payment;
  const recorded = await recordPaymentOutcome({
    db,
    paymentId,
    outcome: recordedOutcomeOf(state),
    actorUserId: options.actorUserId,
    ...(options.now ? { now: options.now } : {}),
  });
  return state.status === 'requires_action' && recorded.status === 'requires_action'
    ? { ...recorded, nextAction: state.nextAction }
    : recorded;
}
