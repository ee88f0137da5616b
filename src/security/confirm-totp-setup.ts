import { recordAudit } from '../audit/record-audit.js';
import type { Actor, SignInSession } from '../auth/actor.js';
import { rotateSession } from '../auth/rotate-session.js';
import { acceptedTotpStep } from '../auth/totp.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { type SecretKey, tryUnseal } from '../secrets/seal.js';
import { issueRecoveryCodesIfNone } from './issue-recovery-codes-if-none.js';

/**
 * A code from the app proves it holds the pending secret: it becomes the user's second factor (with
 * ten recovery codes, shown this once, if they have none). A sign-in that was waiting for this (the organization
 * requires a second factor) is completed with a new token.
 */
export async function confirmTotpSetup(options: {
  db: Db;
  secretKey: SecretKey | null;
  actor: Actor;
  session: SignInSession;
  token: string;
  code: string;
}): Promise<{ recoveryCodes: string[] | null; token: string | null }> {
  const { db, actor } = options;
  if (!options.secretKey) throw new AppError('mfa_unavailable');
  const user = await db
    .selectFrom('users')
    .select(['totp_pending_sealed'])
    .where('id', '=', actor.userId)
    .where('organization_id', '=', actor.organizationId)
    .executeTakeFirstOrThrow();
  const secret = user.totp_pending_sealed ? tryUnseal(options.secretKey, user.totp_pending_sealed) : null;
  if (secret === null) throw new AppError('not_found');
  const step = await acceptedTotpStep({
    secret,
    code: options.code.replace(/\s/g, ''),
    lastStep: null,
  });
  if (step === null) throw new AppError('second_factor_invalid');
  const recoveryCodes = await db.transaction().execute(async (tx) => {
    const taken = await tx
      .updateTable('users')
      .set({
        totp_secret_sealed: user.totp_pending_sealed,
        totp_pending_sealed: null,
        totp_last_step: BigInt(step),
      })
      .where('id', '=', actor.userId)
      .where('totp_pending_sealed', '=', user.totp_pending_sealed)
      .executeTakeFirst();
    if (taken.numUpdatedRows === 0n) throw new AppError('not_found');
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'security.mfa_enabled',
      targetType: 'user',
      targetId: actor.userId,
      details: { method: 'totp' },
    });
    return issueRecoveryCodesIfNone(tx, actor.userId);
  });
  const token =
    options.session.mfaState === 'mfa_enroll'
      ? await rotateSession({ db, token: options.token, from: 'mfa_enroll', to: 'complete' })
      : null;
  return { recoveryCodes, token };
}
