import { recordAudit } from '../audit/record-audit.js';
import type { Actor, SignInSession } from '../auth/actor.js';
import { assertRecentlyAuthenticated } from '../auth/assert-recently-authenticated.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { mfaRequiredFor } from '../domain/sessions.js';

/** Turns the authenticator app off (and its recovery codes), unless the organization requires one. */
export async function removeTotp(options: { db: Db; actor: Actor; session: SignInSession }): Promise<void> {
  const { db, actor } = options;
  assertRecentlyAuthenticated(options.session);
  const organization = await db
    .selectFrom('organizations')
    .select('require_mfa')
    .where('id', '=', actor.organizationId)
    .executeTakeFirstOrThrow();
  if (mfaRequiredFor(actor.role, organization.require_mfa))
    throw new AppError('mfa_required_by_organization');
  await db.transaction().execute(async (tx) => {
    const removed = await tx
      .updateTable('users')
      .set({ totp_secret_sealed: null, totp_pending_sealed: null, totp_last_step: null })
      .where('id', '=', actor.userId)
      .where('organization_id', '=', actor.organizationId)
      .where('totp_secret_sealed', 'is not', null)
      .executeTakeFirst();
    if (removed.numUpdatedRows === 0n) throw new AppError('not_found');
    await tx.deleteFrom('recovery_codes').where('user_id', '=', actor.userId).execute();
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'security.mfa_removed',
      targetType: 'user',
      targetId: actor.userId,
      details: { method: 'totp' },
    });
  });
}
