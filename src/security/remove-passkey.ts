import { recordAudit } from '../audit/record-audit.js';
import type { Actor, SignInSession } from '../auth/actor.js';
import { assertRecentlyAuthenticated } from '../auth/assert-recently-authenticated.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { assertNotLastRequiredFactor } from './assert-not-last-required-factor.js';
import { forgetRecoveryCodesIfNoFactor } from './forget-recovery-codes-if-no-factor.js';

/** Removes one of the user's passkeys, unless the organization requires a second factor and it is their last. */
export async function removePasskey(options: {
  db: Db;
  actor: Actor;
  session: SignInSession;
  /** How recent a proof of identity this change needs (the server's SETTLE_REAUTH_WINDOW_MS). */
  reauthWindowMs: number;
  passkeyId: string;
}): Promise<void> {
  const { db, actor } = options;
  assertRecentlyAuthenticated(options.session, options.reauthWindowMs);
  await db.transaction().execute(async (tx) => {
    const passkey = await tx
      .selectFrom('passkeys')
      .select(['id', 'name'])
      .where('id', '=', options.passkeyId)
      .where('user_id', '=', actor.userId)
      .where('organization_id', '=', actor.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!passkey) throw new AppError('not_found');
    await assertNotLastRequiredFactor({ tx, actor, removing: { passkeyId: passkey.id } });
    await tx.deleteFrom('passkeys').where('id', '=', passkey.id).execute();
    await forgetRecoveryCodesIfNoFactor(tx, actor.userId);
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'security.mfa_removed',
      targetType: 'user',
      targetId: actor.userId,
      details: { method: 'passkey', name: passkey.name },
    });
  });
}
