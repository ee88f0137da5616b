import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import type { PaymentMethod } from '../db/schema.js';
import { isExpired, isPlausibleExpiry } from '../domain/card.js';
import { AppError } from '../domain/errors.js';
import { decideCardEdit } from '../domain/permissions.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';

export interface CardExpiry {
  expMonth: number;
  expYear: number;
}

/** Only the admin who added a card may change its expiry; the processor is told first. */
export async function updateCardExpiry(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  paymentMethodId: string;
  expiry: CardExpiry;
  now?: Date;
}): Promise<PaymentMethod> {
  const { actor, expiry } = options;
  const now = options.now ?? new Date();
  const card = await options.db
    .selectFrom('payment_methods')
    .selectAll()
    .where('id', '=', options.paymentMethodId)
    .where('organization_id', '=', actor.organizationId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!card) throw new AppError('payment_method_not_found');
  const decision = decideCardEdit(actor, { ownerUserId: card.owner_user_id });
  if (decision === 'not_permitted') throw new AppError('permission_denied');
  if (decision === 'not_card_owner') throw new AppError('card_not_owner');
  // TapPay cannot change a bound card's expiry: the owner adds the renewed card instead.
  if (!options.gateway.capabilities.updateCardExpiry) throw new AppError('card_expiry_unchangeable');
  if (!isPlausibleExpiry(expiry, now)) throw new AppError('card_expiry_invalid');
  if (isExpired(expiry, now)) throw new AppError('card_expired');
  if (card.exp_month === expiry.expMonth && card.exp_year === expiry.expYear) return card;

  await options.gateway.updateCardExpiry(card.gateway_token, expiry);
  return options.db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('payment_methods')
      .set({ exp_month: expiry.expMonth, exp_year: expiry.expYear, updated_at: now })
      .where('id', '=', card.id)
      .where('organization_id', '=', actor.organizationId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'payment_method.expiry_changed',
      targetType: 'payment_method',
      targetId: card.id,
      details: { from: `${card.exp_month}/${card.exp_year}`, to: `${expiry.expMonth}/${expiry.expYear}` },
    });
    return updated;
  });
}
