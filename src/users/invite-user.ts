import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import type { Locale } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { Role } from '../domain/permissions.js';
import { issueUserToken } from './issue-user-token.js';

export interface Invitee {
  email: string;
  displayName: string;
  role: Role;
  locale?: Locale | undefined;
}

/**
 * A new user of an organization, without a password: the returned token makes the one-time link
 * (7 days) where they choose one. The token is returned to be sent, never stored. Inviting the same
 * email again before it is accepted issues a new link; once accepted, the email is taken.
 */
export async function inviteUser(options: {
  db: Db;
  organizationId: string;
  invitee: Invitee;
  /** Who invites: the provider (by API key name) or a Global admin of the organization. */
  invitedBy: { apiKeyName: string } | { actor: Actor };
  now?: Date;
}): Promise<{
  userId: string;
  token: string;
  expiresAt: Date;
  organizationName: string;
  locale: Locale;
}> {
  const now = options.now ?? new Date();
  const email = options.invitee.email.trim().toLowerCase();
  if (
    'actor' in options.invitedBy &&
    (options.invitedBy.actor.role !== 'global_admin' ||
      options.invitedBy.actor.organizationId !== options.organizationId)
  )
    throw new AppError('permission_denied');
  return options.db.transaction().execute(async (tx) => {
    const organization = await tx
      .selectFrom('organizations')
      .select(['name', 'locale', 'archived_at'])
      .where('id', '=', options.organizationId)
      .executeTakeFirst();
    if (!organization) throw new AppError('not_found');
    if (organization.archived_at) throw new AppError('organization_archived');
    // Inviting someone again who has not accepted yet sends a new link (the old one stops working).
    const existing = await tx
      .selectFrom('users')
      .select(['id', 'organization_id', 'password_hash'])
      .where('email', '=', email)
      .executeTakeFirst();
    if (existing && (existing.organization_id !== options.organizationId || existing.password_hash !== null))
      throw new AppError('email_taken', { field: 'email' });
    const userId = existing?.id ?? randomUUID();
    const inserted = existing
      ? { id: userId }
      : await tx
          .insertInto('users')
          .values({
            id: userId,
            organization_id: options.organizationId,
            email,
            display_name: options.invitee.displayName,
            password_hash: null,
            role: options.invitee.role,
            locale: options.invitee.locale ?? null,
          })
          .onConflict((oc) => oc.column('email').doNothing())
          .returning('id')
          .executeTakeFirst();
    if (!inserted) throw new AppError('email_taken', { field: 'email' });
    const { token, expiresAt } = await issueUserToken(tx, { userId, purpose: 'invitation', now });
    await recordAudit({
      tx,
      organizationId: options.organizationId,
      actorUserId: 'actor' in options.invitedBy ? options.invitedBy.actor.userId : null,
      action: 'user.invited',
      targetType: 'user',
      targetId: userId,
      details: {
        email,
        role: options.invitee.role,
        ...('apiKeyName' in options.invitedBy
          ? { by: 'provider', apiKey: options.invitedBy.apiKeyName }
          : {}),
      },
    });
    return {
      userId,
      token,
      expiresAt,
      organizationName: organization.name,
      locale: options.invitee.locale ?? organization.locale,
    };
  });
}
