import type { Db } from '../db/connect.js';
import { lastSeenResolutionMs, sessionAlive } from '../domain/sessions.js';
import type { Actor, SignInSession } from './actor.js';
import { hashSessionToken } from './session-token.js';

/**
 * The person and sign-in behind a session token, or null when there is none or it has ended: 12 hours
 * after sign-in, or after 30 minutes without a request.
 */
export async function resolveSession(options: {
  db: Db;
  token: string;
  now?: Date;
}): Promise<{ actor: Actor; session: SignInSession } | null> {
  const now = options.now ?? new Date();
  const tokenHash = hashSessionToken(options.token);
  const row = await options.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'sessions.id as sessionId',
      'sessions.expires_at as expiresAt',
      'sessions.last_seen_at as lastSeenAt',
      'sessions.authenticated_at as authenticatedAt',
      'sessions.mfa_state as mfaState',
      'users.id as userId',
      'users.organization_id as organizationId',
      'users.role',
      'users.locale as userLocale',
      'organizations.locale as organizationLocale',
      'users.display_name as displayName',
      'users.email',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('users.removed_at', 'is', null)
    .executeTakeFirst();
  if (!row || !sessionAlive(row, now)) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= lastSeenResolutionMs) {
    await options.db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    actor: {
      userId: row.userId,
      organizationId: row.organizationId,
      role: row.role,
      savedLocale: row.userLocale,
      organizationLocale: row.organizationLocale,
      displayName: row.displayName,
      email: row.email,
    },
    session: { id: row.sessionId, mfaState: row.mfaState, authenticatedAt: row.authenticatedAt },
  };
}
