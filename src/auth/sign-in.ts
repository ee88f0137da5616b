import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { openSession } from './open-session.js';
import { hashPassword, needsRehash, verifyPassword } from './password.js';
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
}): ReturnType<typeof openSession> {
  const { db } = options;
  const now = options.now ?? new Date();
  const email = options.email.trim().toLowerCase();
  const keys = { account: email, address: options.clientAddress };
  await assertNotThrottled({ db, keys, now });
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', email)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  // An invited user who has not chosen a password yet cannot sign in; it takes as long as a wrong one.
  const valid = await verifyPassword(options.password, user?.password_hash ?? (await decoyHash()));
  if (!user?.password_hash || !valid) {
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
  return openSession({
    db,
    userId: user.id,
    clientAddress: options.clientAddress,
    userAgent: options.userAgent,
    now,
  });
}
