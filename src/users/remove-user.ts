import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { assertGlobalAdminRemains } from './assert-global-admin-remains.js';

/**
 * A Global admin removes a user: signed out everywhere, no longer able to sign in, still named in the
 * audit log and on the cards they added (which nobody else may edit). The last Global admin stays.
 */
export async function removeUser(options: {
  db: Db;
  actor: Actor;
  userId: string;
  now?: Date;
}): Promise<void> {
  const { actor } = options;
  if (actor.role !== 'global_admin') throw new AppError('permission_denied');
  await options.db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'role', 'email'])
      .where('id', '=', options.userId)
      .where('organization_id', '=', actor.organizationId)
      .where('removed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw new AppError('not_found');
    if (user.role === 'global_admin')
      await assertGlobalAdminRemains(tx, { organizationId: actor.organizationId, losing: user.id });
    await tx
      .updateTable('users')
      .set({ removed_at: options.now ?? new Date() })
      .where('id', '=', user.id)
      .execute();
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await tx
      .updateTable('user_tokens')
      .set({ used_at: new Date() })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'user.removed',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, role: user.role },
    });
  });
}
