import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { hashPassword, needsRehash, verifyPassword } from './password.js';
import { assertNotThrottled, clearAccountFailures, recordFailedSignIn } from './sign-in-throttle.js';

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Compared against when the email is unknown, so both cases take the same time (made at the cost in
// force, so made again if the cost is changed).
let decoy: Promise<string> | undefined;
async function decoyHash(): Promise<string> {
  if (!decoy || needsRehash(await decoy)) decoy = hashPassword('decoy-password-never-matches');
  return decoy;
}

/**
 * Returns the session token for the cookie; only its hash is stored. Failed attempts are counted per
 * account and per client address; a locked one is refused before any password is hashed, so guessing
 * costs the attacker time and the server no CPU.
 */
export async function signIn(options: {
  db: Db;
  email: string;
  password: string;
  /** The client's address, as the server sees it (or as a trusted proxy says). */
  clientAddress: string;
  now?: Date;
}): Promise<{ token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const email = options.email.trim().toLowerCase();
  const keys = { account: email, address: options.clientAddress };
  await assertNotThrottled({ db: options.db, keys, now });
  const user = await options.db
    .selectFrom('users')
    .select(['id', 'organization_id', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
  const valid = await verifyPassword(options.password, user?.password_hash ?? (await decoyHash()));
  if (!user || !valid) {
    await recordFailedSignIn({ db: options.db, keys, userId: user?.id ?? null, now });
    throw new AppError('invalid_credentials');
  }
  await clearAccountFailures({ db: options.db, keys });
  // The password is known only now: a hash made at a lower cost (or an older scheme) is replaced.
  if (needsRehash(user.password_hash)) {
    await options.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(options.password) })
      .where('id', '=', user.id)
      .where('password_hash', '=', user.password_hash)
      .execute();
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionLifetimeMs);
  await options.db
    .insertInto('sessions')
    .values({
      token_hash: hashSessionToken(token),
      user_id: user.id,
      organization_id: user.organization_id,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}
