import { recordAudit } from '../audit/record-audit.js';
import { openSession } from '../auth/open-session.js';
import type { Db } from '../db/connect.js';
import { chooseWithUserToken } from './use-user-token.js';

/** An invited user chooses their password from the link, and is signed in (to set up a second factor, if required). */
export async function acceptInvitation(options: {
  db: Db;
  token: string;
  password: string;
  clientAddress: string;
  userAgent?: string | undefined;
  now?: Date;
}): ReturnType<typeof openSession> {
  const now = options.now ?? new Date();
  const user = await options.db.transaction().execute(async (tx) => {
    const chosen = await chooseWithUserToken(tx, { ...options, purpose: 'invitation', now });
    await recordAudit({
      tx,
      organizationId: chosen.organizationId,
      actorUserId: chosen.userId,
      action: 'user.joined',
      targetType: 'user',
      targetId: chosen.userId,
    });
    return chosen;
  });
  return openSession({
    db: options.db,
    userId: user.userId,
    clientAddress: options.clientAddress,
    userAgent: options.userAgent,
    now,
  });
}
