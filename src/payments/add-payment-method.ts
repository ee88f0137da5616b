import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import type { PaymentMethod } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';

/** Saves a card the processor tokenized; the admin who adds it becomes its owner. */
export async function addPaymentMethod(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  token: string;
}): Promise<PaymentMethod> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.manage')) throw new AppError('permission_denied');
  const existing = await db
    .selectFrom('payment_methods')
    .selectAll()
    .where('gateway_token', '=', options.token)
    .executeTakeFirst();
  // The same token twice (a retried Save) is the same card, once; another tenant's token is none.
  if (existing) {
    if (existing.organization_id !== actor.organizationId || existing.removed_at)
      throw new AppError('card_token_invalid');
    return existing;
  }
  const card = await options.gateway.getCard(options.token);
  if (!card) throw new AppError('card_token_invalid');
  return db.transaction().execute(async (tx) => {
    const added = await tx
      .insertInto('payment_methods')
      .values({
        id: randomUUID(),
        organization_id: actor.organizationId,
        owner_user_id: actor.userId,
        gateway_token: card.token,
        brand: card.brand,
        last4: card.last4,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        cardholder_name: card.cardholderName,
        removed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'payment_method.added',
      targetType: 'payment_method',
      targetId: added.id,
      details: { expMonth: added.exp_month, expYear: added.exp_year },
    });
    return added;
  });
}
