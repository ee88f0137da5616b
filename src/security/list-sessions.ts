import type { Actor, SignInSession } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { sessionAlive } from '../domain/sessions.js';

export interface SessionView {
  id: string;
  signedInAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
  current: boolean;
}

/** The user's own open sessions, newest first, the one asking marked. */
export async function listSessions(options: {
  db: Db;
  actor: Actor;
  session: SignInSession;
  now?: Date;
}): Promise<SessionView[]> {
  const now = options.now ?? new Date();
  const rows = await options.db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip_address'])
    .where('user_id', '=', options.actor.userId)
    .where('organization_id', '=', options.actor.organizationId)
    .where('mfa_state', '=', 'complete')
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows
    .filter((row) => sessionAlive({ expiresAt: row.expires_at, lastSeenAt: row.last_seen_at }, now))
    .map((row) => ({
      id: row.id,
      signedInAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      userAgent: row.user_agent,
      ipAddress: row.ip_address,
      current: row.id === options.session.id,
    }));
}
