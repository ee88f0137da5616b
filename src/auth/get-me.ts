import type { Db } from '../db/connect.js';
import type { Role } from '../domain/permissions.js';
import type { Actor } from './actor.js';

export interface Me {
  userId: string;
  displayName: string;
  email: string;
  role: Role;
  localeIsSaved: boolean;
  attachInvoicePdf: boolean;
  organization: { id: string; name: string; currency: string };
}

/** Who is signed in, their organization and preferences: what the admin center shows around every page. */
export async function getMe(options: { db: Db; actor: Actor }): Promise<Me> {
  const { db, actor } = options;
  const row = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.attach_invoice_pdf',
      'organizations.id as organizationId',
      'organizations.name as organizationName',
      'organizations.currency',
    ])
    .where('users.id', '=', actor.userId)
    .where('users.organization_id', '=', actor.organizationId)
    .executeTakeFirstOrThrow();
  return {
    userId: actor.userId,
    displayName: actor.displayName,
    email: actor.email,
    role: actor.role,
    localeIsSaved: actor.savedLocale !== null,
    attachInvoicePdf: row.attach_invoice_pdf,
    organization: { id: row.organizationId, name: row.organizationName, currency: row.currency },
  };
}
