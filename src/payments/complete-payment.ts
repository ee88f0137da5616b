import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import type { Payment } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import { GatewayUnavailableError, type NextAction, type PaymentGateway } from '../gateway/payment-gateway.js';
import { paymentRefusal } from './payment-refusal.js';
import { refreshPayment } from './refresh-payment.js';

/**
 * The admin's browser is back from the bank's challenge: ask the processor how it ended and record
 * it (the processor's own notice may have recorded it already; either way it is recorded once).
 * Succeeded, it is the settlement's confirmation; failed, the refusal with the bank's reason;
 * still waiting, the step to take again. A processor out of reach leaves it as it is.
 */
export async function completePayment(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  paymentId: string;
  now?: Date;
}): Promise<Payment & { nextAction?: NextAction }> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.manage')) throw new AppError('permission_denied');
  const payment = await db
    .selectFrom('payments')
    .select('id')
    .where('id', '=', options.paymentId)
    .where('organization_id', '=', actor.organizationId)
    .executeTakeFirst();
  if (!payment) throw new AppError('not_found');
  let recorded: Payment & { nextAction?: NextAction };
  try {
    recorded = await refreshPayment({ ...options, actorUserId: actor.userId });
  } catch (error) {
    if (error instanceof GatewayUnavailableError)
      throw new AppError('payment_in_progress', { paymentId: payment.id });
    throw error;
  }
  const refusal = paymentRefusal(recorded);
  if (refusal) throw refusal;
  return recorded;
}
