import { recordAuditEntries } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';

/**
 * Makes one card pay for the given subscriptions, or for every subscription of the organization.
 * Choosing a card is not editing it, so any admin with billing rights may choose anyone's card.
 */
export async function replacePaymentMethod(options: {
  db: Db;
  actor: Actor;
  paymentMethodId: string;
  subscriptionIds: readonly string[] | 'all';
}): Promise<{ replaced: number }> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.manage')) throw new AppError('permission_denied');
  return db.transaction().execute(async (tx) => {
    const card = await tx
      .selectFrom('payment_methods')
      .select('id')
      .where('id', '=', options.paymentMethodId)
      .where('organization_id', '=', actor.organizationId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (!card) throw new AppError('payment_method_not_found');
    let query = tx
      .selectFrom('subscriptions')
      .select(['id', 'payment_method_id'])
      .where('organization_id', '=', actor.organizationId)
      .where('status', '!=', 'deleted')
      .forUpdate();
    if (options.subscriptionIds !== 'all') {
      if (options.subscriptionIds.length === 0)
        throw new AppError('validation_failed', { field: 'subscriptionIds' });
      query = query.where('id', 'in', options.subscriptionIds);
    }
    const subscriptions = await query.execute();
    if (options.subscriptionIds !== 'all' && subscriptions.length !== new Set(options.subscriptionIds).size) {
      throw new AppError('subscription_not_found');
    }
    const changing = subscriptions.filter((subscription) => subscription.payment_method_id !== card.id);
    // "All subscriptions" may be thousands: two statements per thousand (a statement takes at most
    // 65,535 parameters), not two per subscription.
    for (let start = 0; start < changing.length; start += 1000) {
      const chunk = changing.slice(start, start + 1000);
      await tx
        .updateTable('subscriptions')
        .set({ payment_method_id: card.id })
        .where(
          'id',
          'in',
          chunk.map((subscription) => subscription.id),
        )
        .execute();
      await recordAuditEntries({
        tx,
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        entries: chunk.map((subscription) => ({
          action: 'subscription.payment_method_changed',
          targetType: 'subscription',
          targetId: subscription.id,
          details: { from: subscription.payment_method_id, to: card.id },
        })),
      });
    }
    return { replaced: changing.length };
  });
}
