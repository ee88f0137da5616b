import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import type { SecretKey } from '../secrets/seal.js';
import type { Actor, SignInSession } from './actor.js';
import { checkSecondFactor } from './check-second-factor.js';
import { rotateSession } from './rotate-session.js';

/** The second step of signing in: a code from the authenticator app or a recovery code. Returns the new token. */
export async function completeSecondFactor(options: {
  db: Db;
  secretKey: SecretKey | null;
  actor: Actor;
  session: SignInSession;
  token: string;
  code: string;
  clientAddress: string;
}): Promise<{ token: string; recoveryCodeUsed: boolean }> {
  if (options.session.mfaState !== 'mfa_pending') throw new AppError('not_found');
  const used = await checkSecondFactor({
    db: options.db,
    secretKey: options.secretKey,
    userId: options.actor.userId,
    code: options.code,
    clientAddress: options.clientAddress,
  });
  const token = await rotateSession({
    db: options.db,
    token: options.token,
    from: 'mfa_pending',
    to: 'complete',
  });
  if (!token) throw new AppError('unauthenticated');
  return { token, recoveryCodeUsed: used === 'recovery_code' };
}
