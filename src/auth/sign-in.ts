import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { hashPassword, verifyPassword } from './password.js';

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Compared against when the email is unknown, so both cases take the same time.
const decoyHash = hashPassword('decoy-password-never-matches');

/** Returns the session token for the cookie; only its hash is stored. */
export async function signIn(options: {
  db: Db;
  email: string;
  password: string;
}): Promise<{ token: string; expiresAt: Date }> {
  const user = await options.db
    .selectFrom('users')
    .select(['id', 'organization_id', 'password_hash'])
    .where('email', '=', options.email.trim().toLowerCase())
    .executeTakeFirst();
  const valid = await verifyPassword(options.password, user?.password_hash ?? (await decoyHash));
  if (!user || !valid) throw new AppError('invalid_credentials');
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
