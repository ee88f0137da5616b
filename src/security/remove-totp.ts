import { recordAudit } from '../audit/record-audit.js';
import type { Actor, SignInSession } from '../auth/actor.js';
import { assertRecentlyAuthenticated } from '../auth/assert-recently-authenticated.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { assertNotLastRequiredFactor } from './assert-not-last-required-factor.js';
import { forgetRecoveryCodesIfNoFactor } from './forget-recovery-codes-if-no-factor.js';

/** Turns the authenticator app off, unless it is the last second factor of an admin who must have one. */
export async function removeTotp(options: {
  db: Db;
  actor: Actor;
  session: SignInSession;
  reauthWindowMs: number;
}): Promise<void> {
  const { db, actor } = options;
  assertRecentlyAuthenticated(options.session, options.reauthWindowMs);
  await db.transaction().execute(async (tx) => {
    await assertNotLastRequiredFactor({ tx, actor, removing: 'authenticator_app' });
    const removed = await tx
      .updateTable('users')
      .set({ totp_secret_sealed: null, totp_pending_sealed: null, totp_last_step: null })
      .where('id', '=', actor.userId)
      .where('organization_id', '=', actor.organizationId)
      .where('totp_secret_sealed', 'is not', null)
      .executeTakeFirst();
    if (removed.numUpdatedRows === 0n) throw new AppError('not_found');
    await forgetRecoveryCodesIfNoFactor(tx, actor.userId);
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
