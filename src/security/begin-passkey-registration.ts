import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@simplewebauthn/server';
import type { Actor, SignInSession } from '../auth/actor.js';
import type { RelyingParty } from '../auth/relying-party.js';
import { rememberChallenge } from '../auth/webauthn-challenge.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';

/** What the browser needs to make a new passkey for this user (not one they already have on that device). */
export async function beginPasskeyRegistration(options: {
  db: Db;
  actor: Actor;
  session: SignInSession;
  relyingParty: RelyingParty;
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { db, actor } = options;
  if (options.session.mfaState === 'mfa_pending') throw new AppError('second_factor_required');
  const existing = await db
    .selectFrom('passkeys')
    .select(['id', 'transports'])
    .where('user_id', '=', actor.userId)
    .execute();
  const creation = await generateRegistrationOptions({
    rpName: options.relyingParty.name,
    rpID: options.relyingParty.id,
    userName: actor.email,
    userDisplayName: actor.displayName,
    userID: new TextEncoder().encode(actor.userId),
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.id,
      transports: JSON.parse(passkey.transports) as string[],
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await rememberChallenge(db, options.session.id, creation.challenge);
  return creation;
}
