import { type RegistrationResponseJSON, verifyRegistrationResponse } from '@simplewebauthn/server';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor, SignInSession } from '../auth/actor.js';
import type { RelyingParty } from '../auth/relying-party.js';
import { rotateSession } from '../auth/rotate-session.js';
import { takeChallenge } from '../auth/webauthn-challenge.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { issueRecoveryCodesIfNone } from './issue-recovery-codes-if-none.js';

/**
 * Keeps the public key of a passkey the browser just made over this session's challenge. A sign-in
 * that was waiting for a second factor (the organization requires one) is completed with a new token.
 */
export async function finishPasskeyRegistration(options: {
  db: Db;
  actor: Actor;
  session: SignInSession;
  token: string;
  relyingParty: RelyingParty;
  name: string;
  response: RegistrationResponseJSON;
}): Promise<{ id: string; recoveryCodes: string[] | null; token: string | null }> {
  const { db, actor } = options;
  if (options.session.mfaState === 'mfa_pending') throw new AppError('second_factor_required');
  const challenge = await takeChallenge(db, options.session.id);
  const verification = await verifyRegistrationResponse({
    response: options.response,
    expectedChallenge: challenge,
    expectedOrigin: options.relyingParty.origin,
    expectedRPID: options.relyingParty.id,
    requireUserVerification: false,
  }).catch(() => null);
  if (!verification?.verified) throw new AppError('passkey_invalid');
  const credential = verification.registrationInfo.credential;
  const recoveryCodes = await db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('passkeys')
      .values({
        id: credential.id,
        user_id: actor.userId,
        organization_id: actor.organizationId,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        counter: BigInt(credential.counter),
        transports: JSON.stringify(credential.transports ?? []),
        name: options.name,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('passkey_exists');
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'security.mfa_enabled',
      targetType: 'user',
      targetId: actor.userId,
      details: { method: 'passkey', name: options.name },
    });
    return issueRecoveryCodesIfNone(tx, actor.userId);
  });
  const token =
    options.session.mfaState === 'mfa_enroll'
      ? await rotateSession({ db, token: options.token, from: 'mfa_enroll', to: 'complete' })
      : null;
  return { id: credential.id, recoveryCodes, token };
}
