import { recordAudit } from '../audit/record-audit.js';
import type { Actor, SignInSession } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';

/** Signs the user out of one of their other sessions, or of every other one ("not me, sign them out"). */
export async function endSessions(options: {
  db: Db;
  actor: Actor;
  session: SignInSession;
  which: { sessionId: string } | 'all_others';
}): Promise<{ ended: number }> {
  const { db, actor } = options;
  return db.transaction().execute(async (tx) => {
    let query = tx
      .deleteFrom('sessions')
      .where('user_id', '=', actor.userId)
      .where('organization_id', '=', actor.organizationId)
      .where('id', '!=', options.session.id);
    if (options.which !== 'all_others') query = query.where('id', '=', options.which.sessionId);
    const result = await query.executeTakeFirst();
    const ended = Number(result.numDeletedRows);
    if (options.which !== 'all_others' && ended === 0) throw new AppError('not_found');
    if (ended > 0)
      await recordAudit({
        tx,
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        action: 'security.sessions_ended',
        targetType: 'user',
        targetId: actor.userId,
        details: { count: ended },
      });
    return { ended };
  });
}
