import { recordAudit } from '../audit/record-audit.js';
import type { Actor, SignInSession } from '../auth/actor.js';
import { assertRecentlyAuthenticated } from '../auth/assert-recently-authenticated.js';
import { hashRecoveryCode, newRecoveryCodes } from '../auth/totp.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';

/** Ten new recovery codes, shown once; the old ones stop working. */
export async function regenerateRecoveryCodes(options: {
  db: Db;
  actor: Actor;
  session: SignInSession;
  /** How recent a proof of identity this change needs (the server's SETTLE_REAUTH_WINDOW_MS). */
  reauthWindowMs: number;
}): Promise<string[]> {
  const { db, actor } = options;
  assertRecentlyAuthenticated(options.session, options.reauthWindowMs);
  const codes = newRecoveryCodes();
  await db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select('totp_secret_sealed')
      .where('id', '=', actor.userId)
      .where('organization_id', '=', actor.organizationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!user.totp_secret_sealed) throw new AppError('not_found');
    await tx.deleteFrom('recovery_codes').where('user_id', '=', actor.userId).execute();
    await tx
      .insertInto('recovery_codes')
      .values(codes.map((code) => ({ user_id: actor.userId, code_hash: hashRecoveryCode(code) })))
      .execute();
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'security.recovery_codes_regenerated',
      targetType: 'user',
      targetId: actor.userId,
    });
  });
  return codes;
}
