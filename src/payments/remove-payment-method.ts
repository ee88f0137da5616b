import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { decideCardEdit } from '../domain/permissions.js';

/** Only the card's owner may delete it, and only once no subscription is paid with it. */
export async function removePaymentMethod(options: {
  db: Db;
  actor: Actor;
  paymentMethodId: string;
}): Promise<void> {
  const { db, actor } = options;
  await db.transaction().execute(async (tx) => {
    const card = await tx
      .selectFrom('payment_methods')
      .select(['id', 'owner_user_id', 'exp_month', 'exp_year'])
      .where('id', '=', options.paymentMethodId)
      .where('organization_id', '=', actor.organizationId)
      .where('removed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!card) throw new AppError('payment_method_not_found');
    const decision = decideCardEdit(actor, { ownerUserId: card.owner_user_id });
    if (decision === 'not_permitted') throw new AppError('permission_denied');
    if (decision === 'not_card_owner') throw new AppError('card_not_owner');
    const inUse = await tx
      .selectFrom('subscriptions')
      .select('id')
      .where('payment_method_id', '=', card.id)
      .where('status', '!=', 'deleted')
      .executeTakeFirst();
    if (inUse) throw new AppError('payment_method_in_use');
    await tx
      .updateTable('payment_methods')
      .set({ removed_at: new Date() })
      .where('id', '=', card.id)
      .execute();
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'payment_method.removed',
      targetType: 'payment_method',
      targetId: card.id,
      details: { expMonth: card.exp_month, expYear: card.exp_year },
    });
  });
}
