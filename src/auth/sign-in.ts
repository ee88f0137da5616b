import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { absoluteLifetimeMs, type MfaState, stateAfterPassword } from '../domain/sessions.js';
import { hashPassword, needsRehash, verifyPassword } from './password.js';
import { newSessionToken } from './session-token.js';

/** The second factors a user can finish signing in with (recovery codes always, when either is on). */
export type SecondFactorMethod = 'passkey' | 'authenticator_app';

import { assertNotThrottled, clearAccountFailures, recordFailedSignIn } from './sign-in-throttle.js';

// Compared against when the email is unknown, so both cases take the same time (made at the cost in
// force, so made again if the cost is changed).
let decoy: Promise<string> | undefined;
async function decoyHash(): Promise<string> {
  if (!decoy || needsRehash(await decoy)) decoy = hashPassword('decoy-password-never-matches');
  return decoy;
}

/**
 * Checks the password and opens a session; the token is for the cookie, only its hash is stored. A
 * user with a second factor gets a session that can do nothing but present it (mfa_pending); an admin
 * whose organization requires one and who has none gets one that can only set it up (mfa_enroll).
 * Failed attempts are counted per account and per client address; a locked one is refused before any
 * password is hashed, so guessing costs the attacker time and the server no CPU.
 */
export async function signIn(options: {
  db: Db;
  email: string;
  password: string;
  /** The client's address, as the server sees it (or as a trusted proxy says). */
  clientAddress: string;
  userAgent?: string;
  now?: Date;
}): Promise<{ token: string; expiresAt: Date; mfaState: MfaState; methods: SecondFactorMethod[] }> {
  const { db } = options;
  const now = options.now ?? new Date();
  const email = options.email.trim().toLowerCase();
  const keys = { account: email, address: options.clientAddress };
  await assertNotThrottled({ db, keys, now });
  const user = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.id',
      'users.organization_id',
      'users.password_hash',
      'users.role',
      'users.totp_secret_sealed',
      'organizations.require_mfa',
      sql<string>`(select count(*) from passkeys p where p.user_id = users.id)`.as('passkeys'),
    ])
    .where('users.email', '=', email)
    .executeTakeFirst();
  const valid = await verifyPassword(options.password, user?.password_hash ?? (await decoyHash()));
  if (!user || !valid) {
    await recordFailedSignIn({ db, keys, userId: user?.id ?? null, now });
    throw new AppError('invalid_credentials');
  }
  await clearAccountFailures({ db, keys });
  // The password is known only now: a hash made at a lower cost (or an older scheme) is replaced.
  if (needsRehash(user.password_hash)) {
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(options.password) })
      .where('id', '=', user.id)
      .where('password_hash', '=', user.password_hash)
      .execute();
  }
  const methods: SecondFactorMethod[] = [
    ...(Number(user.passkeys) > 0 ? (['passkey'] as const) : []),
    ...(user.totp_secret_sealed !== null ? (['authenticator_app'] as const) : []),
  ];
  const mfaState = stateAfterPassword({
    hasSecondFactor: methods.length > 0,
    role: user.role,
    organizationRequiresMfa: user.require_mfa,
  });
  const { token, tokenHash } = newSessionToken();
  const expiresAt = new Date(now.getTime() + absoluteLifetimeMs);
  await db
    .insertInto('sessions')
    .values({
      token_hash: tokenHash,
      user_id: user.id,
      organization_id: user.organization_id,
      expires_at: expiresAt,
      last_seen_at: now,
      authenticated_at: now,
      created_at: now,
      mfa_state: mfaState,
      user_agent: options.userAgent?.slice(0, 300) ?? null,
      ip_address: options.clientAddress,
    })
    .execute();
  return { token, expiresAt, mfaState, methods };
}
