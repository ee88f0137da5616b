import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import type { Actor, SignInSession } from './actor.js';
import type { RelyingParty } from './relying-party.js';
import { takeChallenge } from './webauthn-challenge.js';

/**
 * Checks a passkey's signature over this session's challenge (taken, so it works once) and records
 * the authenticator's counter: a counter that went backwards means a cloned key, and is refused.
 */
export async function checkPasskey(options: {
  db: Db;
  actor: Actor;
  session: SignInSession;
  relyingParty: RelyingParty;
  response: AuthenticationResponseJSON;
  now?: Date;
}): Promise<void> {
  const { db, actor } = options;
  const challenge = await takeChallenge(db, options.session.id);
  const passkey = await db
    .selectFrom('passkeys')
    .selectAll()
    .where('id', '=', options.response.id)
    .where('user_id', '=', actor.userId)
    .where('organization_id', '=', actor.organizationId)
    .executeTakeFirst();
  if (!passkey) throw new AppError('passkey_invalid');
  const verification = await verifyAuthenticationResponse({
    response: options.response,
    expectedChallenge: challenge,
    expectedOrigin: options.relyingParty.origin,
    expectedRPID: options.relyingParty.id,
    credential: {
      id: passkey.id,
      publicKey: Buffer.from(passkey.public_key, 'base64url'),
      counter: Number(passkey.counter),
      transports: JSON.parse(passkey.transports) as string[],
    },
    requireUserVerification: false,
  }).catch(() => null);
  if (!verification?.verified) throw new AppError('passkey_invalid');
  await db
    .updateTable('passkeys')
    .set({
      counter: BigInt(verification.authenticationInfo.newCounter),
      last_used_at: options.now ?? new Date(),
    })
    .where('id', '=', passkey.id)
    .execute();
}
