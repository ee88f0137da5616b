import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import type { SecretKey } from '../secrets/seal.js';
import type { Actor, SignInSession } from './actor.js';
import { checkPasskey } from './check-passkey.js';
import { checkSecondFactor } from './check-second-factor.js';
import type { RelyingParty } from './relying-party.js';
import { rotateSession } from './rotate-session.js';

export type SecondFactorProof = { code: string } | { passkey: AuthenticationResponseJSON };

/**
 * Checks a second factor the user holds: a passkey's signature, or a code from the authenticator app
 * or a recovery code (each used up).
 */
export async function proveSecondFactor(options: {
  db: Db;
  secretKey: SecretKey | null;
  relyingParty: RelyingParty;
  actor: Actor;
  session: SignInSession;
  proof: SecondFactorProof;
  clientAddress: string;
}): Promise<void> {
  if ('passkey' in options.proof) {
    await checkPasskey({ ...options, response: options.proof.passkey });
    return;
  }
  await checkSecondFactor({
    db: options.db,
    secretKey: options.secretKey,
    userId: options.actor.userId,
    code: options.proof.code,
    clientAddress: options.clientAddress,
  });
}

/** The second step of signing in. Returns the session's new token: the one from the password step dies. */
export async function completeSecondFactor(
  options: Parameters<typeof proveSecondFactor>[0] & { token: string },
): Promise<{ token: string }> {
  if (options.session.mfaState !== 'mfa_pending') throw new AppError('not_found');
  await proveSecondFactor(options);
  const token = await rotateSession({
    db: options.db,
    token: options.token,
    from: 'mfa_pending',
    to: 'complete',
  });
  if (!token) throw new AppError('unauthenticated');
  return { token };
}
