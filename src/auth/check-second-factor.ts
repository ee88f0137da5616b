import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { type SecretKey, tryUnseal } from '../secrets/seal.js';
import { assertNotThrottled, clearAccountFailures, recordFailedSignIn } from './sign-in-throttle.js';
import { acceptedTotpStep, hashRecoveryCode } from './totp.js';

/**
 * Checks a code from the user's authenticator app, or one of their recovery codes, and uses it up:
 * the time step is remembered (and written only if still newer, so two requests racing with one code
 * cannot both pass) and a recovery code is marked used. Six digits are guessable: attempts are
 * throttled like passwords, per user and per client address.
 */
export async function checkSecondFactor(options: {
  db: Db;
  secretKey: SecretKey | null;
  userId: string;
  code: string;
  clientAddress: string;
  now?: Date;
}): Promise<'totp' | 'recovery_code'> {
  const { db, userId } = options;
  const now = options.now ?? new Date();
  const keys = { account: `second-factor:${userId}`, address: options.clientAddress };
  await assertNotThrottled({ db, keys, now });
  const used = await spendTotpCode(options).then((ok) =>
    ok ? 'totp' : spendRecoveryCode(db, userId, options.code, now),
  );
  if (!used) {
    await recordFailedSignIn({ db, keys, userId, now });
    throw new AppError('second_factor_invalid');
  }
  await clearAccountFailures({ db, keys });
  return used;
}

async function spendTotpCode(options: { db: Db; secretKey: SecretKey | null; userId: string; code: string }) {
  const user = await options.db
    .selectFrom('users')
    .select(['totp_secret_sealed', 'totp_last_step'])
    .where('id', '=', options.userId)
    .executeTakeFirst();
  if (!user?.totp_secret_sealed || !options.secretKey) return false;
  const lastStep = user.totp_last_step === null ? null : Number(user.totp_last_step);
  // Sealed under a key the server no longer has: only a recovery code can sign in.
  const secret = tryUnseal(options.secretKey, user.totp_secret_sealed);
  if (secret === null) return false;
  const step = await acceptedTotpStep({
    secret,
    code: options.code.replace(/\s/g, ''),
    lastStep,
  });
  if (step === null) return false;
  const taken = await options.db
    .updateTable('users')
    .set({ totp_last_step: BigInt(step) })
    .where('id', '=', options.userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', BigInt(step))]))
    .executeTakeFirst();
  return taken.numUpdatedRows > 0n;
}

async function spendRecoveryCode(
  db: Db,
  userId: string,
  code: string,
  now: Date,
): Promise<'recovery_code' | null> {
  const taken = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashRecoveryCode(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return taken.numUpdatedRows > 0n ? 'recovery_code' : null;
}
