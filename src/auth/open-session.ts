import type { Db } from '../db/connect.js';
import { absoluteLifetimeMs, type MfaState, stateAfterPassword } from '../domain/sessions.js';
import { passkeyCountOfUser } from './passkey-count-sql.js';
import { newSessionToken } from './session-token.js';

/** The second factors a user can finish signing in with (recovery codes always, when either is on). */
export type SecondFactorMethod = 'passkey' | 'authenticator_app';

/**
 * A session for a user who has just proved their password (signing in, or choosing one from an
 * invitation). One with a second factor can do nothing but present it (mfa_pending); an admin whose
 * organization requires one and who has none can only set it up (mfa_enroll). The token is for the
 * cookie; only its hash is stored.
 */
export async function openSession(options: {
  db: Db;
  userId: string;
  clientAddress: string;
  userAgent?: string | undefined;
  now: Date;
}): Promise<{ token: string; expiresAt: Date; mfaState: MfaState; methods: SecondFactorMethod[] }> {
  const { db, now } = options;
  const user = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.organization_id',
      'users.role',
      'users.totp_secret_sealed',
      'organizations.require_mfa',
      passkeyCountOfUser().as('passkeys'),
    ])
    .where('users.id', '=', options.userId)
    .executeTakeFirstOrThrow();
  const methods: SecondFactorMethod[] = [
    ...(Number(user.passkeys) > 0 ? (['passkey'] as const) : []),
    ...(user.totp_secret_sealed !== null ? (['authenticator_app'] as const) : []),
  ];
  const mfaState = stateAfterPassword({
    hasSecondFactor: methods.length > 0,
    role: user.role,
    organizationRequiresMfa: user.require_mfa,
  });
  const { token, tokenHash } = newSessionToken();
  const expiresAt = new Date(now.getTime() + absoluteLifetimeMs);
  await db
    .insertInto('sessions')
    .values({
      token_hash: tokenHash,
      user_id: options.userId,
      organization_id: user.organization_id,
      expires_at: expiresAt,
      last_seen_at: now,
      authenticated_at: now,
      created_at: now,
      mfa_state: mfaState,
      user_agent: options.userAgent?.slice(0, 300) ?? null,
      ip_address: options.clientAddress,
    })
    .execute();
  return { token, expiresAt, mfaState, methods };
}
