import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import type { SecretKey } from '../secrets/seal.js';
import type { Actor, SignInSession } from './actor.js';
import { proveSecondFactor, type SecondFactorProof } from './complete-second-factor.js';
import { verifyPassword } from './password.js';
import type { RelyingParty } from './relying-party.js';
import { assertNotThrottled, clearAccountFailures, recordFailedSignIn } from './sign-in-throttle.js';

/**
 * "Confirm it's you" before a sensitive change: the password, a passkey, or a code from the authenticator app.
 * Wrong answers count toward the same locks as sign-in.
 */
export async function reauthenticate(options: {
  db: Db;
  secretKey: SecretKey | null;
  actor: Actor;
  session: SignInSession;
  relyingParty: RelyingParty;
  proof: { password: string } | SecondFactorProof;
  clientAddress: string;
  now?: Date;
}): Promise<void> {
  const { db, actor } = options;
  const now = options.now ?? new Date();
  if (options.session.mfaState !== 'complete') throw new AppError('second_factor_required');
  if (!('password' in options.proof)) {
    await proveSecondFactor({ ...options, proof: options.proof });
  } else {
    const keys = { account: actor.email, address: options.clientAddress };
    await assertNotThrottled({ db, keys, now });
    const user = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    if (!user.password_hash || !(await verifyPassword(options.proof.password, user.password_hash))) {
      await recordFailedSignIn({ db, keys, userId: actor.userId, now });
      throw new AppError('invalid_credentials');
    }
    await clearAccountFailures({ db, keys });
  }
  await db
    .updateTable('sessions')
    .set({ authenticated_at: now })
    .where('id', '=', options.session.id)
    .where('user_id', '=', actor.userId)
    .execute();
}
