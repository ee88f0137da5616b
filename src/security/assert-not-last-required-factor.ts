import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.js';
import { passkeyCountOfUser } from '../auth/passkey-count-sql.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { mfaRequiredFor } from '../domain/sessions.js';

/** An admin whose organization requires a second factor keeps at least one (app or passkey). */
export async function assertNotLastRequiredFactor(options: {
  tx: Kysely<Database>;
  actor: Actor;
  removing: 'authenticator_app' | { passkeyId: string };
}): Promise<void> {
  const { tx, actor, removing } = options;
  const row = await tx
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['organizations.require_mfa', 'users.totp_secret_sealed', passkeyCountOfUser().as('passkeys')])
    .where('users.id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!mfaRequiredFor(actor.role, row.require_mfa)) return;
  const appLeft = removing !== 'authenticator_app' && row.totp_secret_sealed !== null;
  const passkeysLeft = Number(row.passkeys) - (removing === 'authenticator_app' ? 0 : 1);
  if (!appLeft && passkeysLeft <= 0) throw new AppError('mfa_required_by_organization');
}
