import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import type { Role } from '../domain/permissions.js';
import { assertGlobalAdminRemains } from './assert-global-admin-remains.js';

/**
 * A Global admin gives a user another role. The user's sessions end (they sign in again with the new
 * rights); the last Global admin keeps the role.
 */
export async function changeUserRole(options: {
  db: Db;
  actor: Actor;
  userId: string;
  role: Role;
}): Promise<void> {
  const { actor } = options;
  if (actor.role !== 'global_admin') throw new AppError('permission_denied');
  await options.db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'role'])
      .where('id', '=', options.userId)
      .where('organization_id', '=', actor.organizationId)
      .where('removed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw new AppError('not_found');
    if (user.role === options.role) return;
    if (user.role === 'global_admin')
      await assertGlobalAdminRemains(tx, { organizationId: actor.organizationId, losing: user.id });
    await tx.updateTable('users').set({ role: options.role }).where('id', '=', user.id).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'user.role_changed',
      targetType: 'user',
      targetId: user.id,
      details: { from: user.role, to: options.role },
    });
  });
}
