import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import { chooseWithUserToken } from './use-user-token.js';

/**
 * A new password from a reset link. Every session of the account ends (whoever else was in, is out);
 * the user then signs in as usual, second factor included.
 */
export async function resetPassword(options: {
  db: Db;
  token: string;
  password: string;
  now?: Date;
}): Promise<void> {
  const now = options.now ?? new Date();
  await options.db.transaction().execute(async (tx) => {
    const user = await chooseWithUserToken(tx, { ...options, purpose: 'password_reset', now });
    await tx.deleteFrom('sessions').where('user_id', '=', user.userId).execute();
    await recordAudit({
      tx,
      organizationId: user.organizationId,
      actorUserId: user.userId,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: user.userId,
    });
  });
}
