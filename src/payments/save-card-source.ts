import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import { type CardDetails, CardSourceRefused, type PaymentGateway } from '../gateway/payment-gateway.js';

/**
 * The browser's one-time card source (TapPay's prime) becomes a card the processor keeps for this
 * organization; the answer is its token, used like any other (added on Payment methods, or paid with
 * in Settle balance). Only the prime passes through Settle: card data went to the processor.
 */
export async function saveCardSource(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  prime: string;
  cardholderName: string;
}): Promise<CardDetails> {
  const { actor, gateway } = options;
  if (!can(actor.role, 'billing.manage')) throw new AppError('permission_denied');
  if (!gateway.saveCardSource) throw new AppError('not_found');
  const name = options.cardholderName.trim();
  if (!name) throw new AppError('cardholder_name_missing');
  const user = await options.db
    .selectFrom('users')
    .select('email')
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  try {
    return await gateway.saveCardSource(
      { prime: options.prime },
      { organizationId: actor.organizationId, cardholderName: name, email: user.email },
    );
  } catch (error) {
    if (error instanceof CardSourceRefused) throw new AppError('card_token_invalid');
    throw error;
  }
}
