import { assertNotThrottled, recordFailedSignIn } from '../auth/sign-in-throttle.js';
import type { Db } from '../db/connect.js';
import type { Locale } from '../db/schema.js';
import { issueUserToken } from './issue-user-token.js';

/**
 * "Forgot password": a one-time link (1 hour) for the account with that email, or nothing, and the
 * caller cannot tell which (no account enumeration). Requests count like failed sign-ins, per email
 * and per address, so nobody's inbox can be flooded.
 */
export async function requestPasswordReset(options: {
  db: Db;
  email: string;
  clientAddress: string;
  now?: Date;
}): Promise<{
  token: string;
  email: string;
  displayName: string;
  role: string;
  organizationName: string;
  locale: Locale;
} | null> {
  const { db } = options;
  const now = options.now ?? new Date();
  const email = options.email.trim().toLowerCase();
  const keys = { account: `password-reset:${email}`, address: options.clientAddress };
  await assertNotThrottled({ db, keys, now });
  await recordFailedSignIn({ db, keys, userId: null, now });
  const user = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.id',
      'users.display_name',
      'users.role',
      'users.locale',
      'users.password_hash',
      'organizations.name as organizationName',
      'organizations.locale as organizationLocale',
    ])
    .where('users.email', '=', email)
    .where('users.removed_at', 'is', null)
    .executeTakeFirst();
  // An invited user who never chose a password uses their invitation instead.
  if (!user?.password_hash) return null;
  const { token } = await db
    .transaction()
    .execute((tx) => issueUserToken(tx, { userId: user.id, purpose: 'password_reset', now }));
  return {
    token,
    email,
    displayName: user.display_name,
    role: user.role,
    organizationName: user.organizationName,
    locale: user.locale ?? user.organizationLocale,
  };
}
