import { recordAudit } from '../audit/record-audit.js';
import type { Actor, SignInSession } from '../auth/actor.js';
import { assertRecentlyAuthenticated } from '../auth/assert-recently-authenticated.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';

/**
 * A Global admin's organization-wide setting: Global and Billing admins must sign in with a second
 * factor. Those without one are asked to set one up at their next sign-in; sessions already open
 * stay open until they end (at most 12 hours).
 */
export async function setRequireMfa(options: {
  db: Db;
  actor: Actor;
  session: SignInSession;
  /** How recent a proof of identity this change needs (the server's SETTLE_REAUTH_WINDOW_MS). */
  reauthWindowMs: number;
  requireMfa: boolean;
}): Promise<void> {
  const { db, actor } = options;
  if (actor.role !== 'global_admin') throw new AppError('permission_denied');
  assertRecentlyAuthenticated(options.session, options.reauthWindowMs);
  await db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('organizations')
      .select('require_mfa')
      .where('id', '=', actor.organizationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (before.require_mfa === options.requireMfa) return;
    await tx
      .updateTable('organizations')
      .set({ require_mfa: options.requireMfa })
      .where('id', '=', actor.organizationId)
      .execute();
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'security.mfa_requirement_changed',
      targetType: 'organization',
      targetId: actor.organizationId,
      details: { from: before.require_mfa, to: options.requireMfa },
    });
  });
}
