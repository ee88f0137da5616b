import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import type { Actor, SignInSession } from './actor.js';
import type { RelyingParty } from './relying-party.js';
import { rememberChallenge } from './webauthn-challenge.js';

/** What the browser needs to ask one of the user's passkeys to sign (second step of sign-in, or "confirm it's you"). */
export async function beginPasskeyCheck(options: {
  db: Db;
  actor: Actor;
  session: SignInSession;
  relyingParty: RelyingParty;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  if (options.session.mfaState === 'mfa_enroll') throw new AppError('second_factor_setup_required');
  const passkeys = await options.db
    .selectFrom('passkeys')
    .select(['id', 'transports'])
    .where('user_id', '=', options.actor.userId)
    .where('organization_id', '=', options.actor.organizationId)
    .execute();
  if (passkeys.length === 0) throw new AppError('not_found');
  const request = await generateAuthenticationOptions({
    rpID: options.relyingParty.id,
    allowCredentials: passkeys.map((passkey) => ({
      id: passkey.id,
      transports: JSON.parse(passkey.transports) as string[],
    })),
    userVerification: 'preferred',
  });
  await rememberChallenge(options.db, options.session.id, request.challenge);
  return request;
}
