import type { Db } from '../db/connect.js';
import type { Actor } from './actor.js';
import { hashSessionToken } from './sign-in.js';

export async function resolveSession(options: { db: Db; token: string }): Promise<Actor | null> {
  const row = await options.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.id as userId',
      'users.organization_id as organizationId',
      'users.role',
      'users.locale as userLocale',
      'organizations.locale as organizationLocale',
      'users.display_name as displayName',
      'users.email',
    ])
    .where('sessions.token_hash', '=', hashSessionToken(options.token))
    .where('sessions.expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row) return null;
  return {
    userId: row.userId,
    organizationId: row.organizationId,
    role: row.role,
    savedLocale: row.userLocale,
    organizationLocale: row.organizationLocale,
    displayName: row.displayName,
    email: row.email,
  };
}
