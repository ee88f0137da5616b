import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';

/** An admin's own choice: attach the invoice PDF to billing emails about an invoice. */
export async function setEmailPreferences(options: {
  db: Db;
  actor: Actor;
  attachInvoicePdf: boolean;
}): Promise<void> {
  // Billing emails go to those who manage billing; for anyone else the choice has no effect.
  if (!can(options.actor.role, 'billing.manage')) throw new AppError('permission_denied');
  await options.db
    .updateTable('users')
    .set({ attach_invoice_pdf: options.attachInvoicePdf })
    .where('id', '=', options.actor.userId)
    .where('organization_id', '=', options.actor.organizationId)
    .execute();
}
