import { sql } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { mfaRequiredFor } from '../domain/sessions.js';
import type { SecretKey } from '../secrets/seal.js';

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface SecuritySettings {
  authenticatorApp: boolean;
  passkeys: PasskeyView[];
  recoveryCodesLeft: number;
  /** The organization's setting: Global and Billing admins must use a second factor. */
  organizationRequiresMfa: boolean;
  /** Whether that setting applies to this user (their role). */
  requiredForMe: boolean;
  /** False when the server has no key to seal authenticator secrets with (SETTLE_SECRET_KEY). */
  authenticatorAppAvailable: boolean;
}

export async function getSecuritySettings(options: {
  db: Db;
  secretKey: SecretKey | null;
  actor: Actor;
}): Promise<SecuritySettings> {
  const { db, actor } = options;
  const row = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.totp_secret_sealed',
      'organizations.require_mfa',
      sql<string>`(select count(*) from recovery_codes r where r.user_id = users.id and r.used_at is null)`.as(
        'codesLeft',
      ),
    ])
    .where('users.id', '=', actor.userId)
    .where('users.organization_id', '=', actor.organizationId)
    .executeTakeFirstOrThrow();
  const passkeys = await db
    .selectFrom('passkeys')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', actor.userId)
    .where('organization_id', '=', actor.organizationId)
    .orderBy('created_at')
    .execute();
  return {
    authenticatorApp: row.totp_secret_sealed !== null,
    passkeys: passkeys.map((p) => ({
      id: p.id,
      name: p.name,
      createdAt: p.created_at,
      lastUsedAt: p.last_used_at,
    })),
    recoveryCodesLeft: Number(row.codesLeft),
    organizationRequiresMfa: row.require_mfa,
    requiredForMe: mfaRequiredFor(actor.role, row.require_mfa),
    authenticatorAppAvailable: options.secretKey !== null,
  };
}
