import type { Actor } from '../auth/actor.js';
import type { CreditNoteObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import { readCreditNoteObjects } from '../resources/credit-note-objects.js';

/**
 * Credit notes, newest first, a page at a time: one customer's (the admin center, whose actor scopes
 * it), or across customers for the provider, optionally one subscription's or one invoice's.
 */
export async function listCreditNotes(options: {
  db: Db;
  /** An admin: their organization's only, for those who may read its billing. Absent: the provider's key. */
  actor?: Actor;
  organizationId?: string | undefined;
  subscriptionId?: string | undefined;
  invoiceId?: string | undefined;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: CreditNoteObject[]; nextCursor: string | null }> {
  const { db, actor } = options;
  if (actor && !can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  const organizationId = actor ? actor.organizationId : options.organizationId;
  let query = db.selectFrom('credit_notes').select('id');
  if (organizationId) query = query.where('organization_id', '=', organizationId);
  if (options.subscriptionId) query = query.where('subscription_id', '=', options.subscriptionId);
  if (options.invoiceId) {
    const invoiceId = options.invoiceId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('credit_note_lines')
          .select('credit_note_lines.invoice_id')
          .whereRef('credit_note_lines.credit_note_id', '=', 'credit_notes.id')
          .where('credit_note_lines.invoice_id', '=', invoiceId),
      ),
    );
  }
  const page = await newestFirstPage(query, options);
  const objects = await readCreditNoteObjects(
    db,
    page.rows.map((row) => row.id),
  );
  return { items: page.rows.flatMap((row) => objects.get(row.id) ?? []), nextCursor: page.nextCursor };
}
