import type { Actor } from '../auth/actor.js';
import { passkeyCountOfUser } from '../auth/passkey-count-sql.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can, type Role } from '../domain/permissions.js';

export interface UserView {
  id: string;
  displayName: string;
  email: string;
  role: Role;
  /** invited: has not chosen a password yet. */
  status: 'active' | 'invited';
  secondFactor: boolean;
  createdAt: Date;
}

/** The organization's users and their roles (Global admins and Global readers see them). */
export async function listUsers(options: { db: Db; actor: Actor }): Promise<UserView[]> {
  const { actor } = options;
  if (!can(actor.role, 'audit.read')) throw new AppError('permission_denied');
  const rows = await options.db
    .selectFrom('users')
    .select([
      'id',
      'display_name',
      'email',
      'role',
      'password_hash',
      'totp_secret_sealed',
      'created_at',
      passkeyCountOfUser().as('passkeys'),
    ])
    .where('organization_id', '=', actor.organizationId)
    .where('removed_at', 'is', null)
    .orderBy('display_name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    status: row.password_hash === null ? 'invited' : 'active',
    secondFactor: row.totp_secret_sealed !== null || Number(row.passkeys) > 0,
    createdAt: row.created_at,
  }));
}
