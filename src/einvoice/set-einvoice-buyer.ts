import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { type EInvoiceBuyerChoice, einvoiceBuyerChoiceProblem } from '../domain/einvoice.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import { getOrganization } from '../organizations/get-organization.js';
import { withOrganizationEvents } from '../organizations/organization-events.js';
import type { OrganizationView } from '../organizations/organization-view.js';
import type { EInvoiceIssuer } from './einvoice-issuer.js';

/**
 * Where an organization's e-invoices go from the next one: B2B under its 統一編號, a mobile barcode or
 * citizen certificate carrier, a donation code, the issuer's member carrier or a printed copy (null:
 * Settle's default). Its admins choose on the Billing account page; the seller may set it through the
 * API. The format is checked here, and a barcode or donation code with the issuer (outside any
 * transaction), so a mistyped one is refused now rather than on the next paid invoice.
 */
export async function setEInvoiceBuyer(options: {
  db: Db;
  issuer: EInvoiceIssuer | null;
  organizationId: string;
  choice: EInvoiceBuyerChoice | null;
  by: { actor: Actor } | { apiKeyName: string };
}): Promise<OrganizationView> {
  const { db } = options;
  const choice = options.choice ? normalized(options.choice) : null;
  if ('actor' in options.by && !can(options.by.actor.role, 'billing.manage'))
    throw new AppError('permission_denied');
  const organization = await db
    .selectFrom('organizations')
    .select(['tax_id'])
    .where('id', '=', options.organizationId)
    .executeTakeFirst();
  if (!organization) throw new AppError('not_found');
  if (choice) {
    const problem = einvoiceBuyerChoiceProblem(choice, { taxId: organization.tax_id });
    if (problem) throw new AppError(problem, { field: fieldOf(choice) });
    await checkWithIssuer(options.issuer, choice);
  }
  await db.transaction().execute(async (tx) => {
    const changed = await withOrganizationEvents(tx, options.organizationId, () =>
      tx
        .updateTable('organizations')
        .set({ einvoice_buyer: choice ? JSON.stringify(choice) : null })
        .where('id', '=', options.organizationId)
        .execute(),
    );
    if (!changed) return;
    await recordAudit({
      tx,
      organizationId: options.organizationId,
      actorUserId: 'actor' in options.by ? options.by.actor.userId : null,
      action: 'organization.einvoice_buyer_changed',
      targetType: 'organization',
      targetId: options.organizationId,
      details: {
        kind: choice?.kind ?? 'default',
        ...('apiKeyName' in options.by ? { by: 'provider', apiKey: options.by.apiKeyName } : {}),
      },
    });
  });
  return getOrganization({ db, organizationId: options.organizationId });
}

/** Codes as the Ministry prints them: capitals, no spaces around (a phone keyboard adds both). */
function normalized(choice: EInvoiceBuyerChoice): EInvoiceBuyerChoice {
  if (choice.kind === 'mobile_barcode' || choice.kind === 'citizen_certificate')
    return { kind: choice.kind, code: choice.code.trim().toUpperCase() };
  if (choice.kind === 'donation') return { kind: 'donation', loveCode: choice.loveCode.trim() };
  return { kind: choice.kind };
}

/** The request field the admin gets wrong, for the error's field. */
function fieldOf(choice: EInvoiceBuyerChoice): string {
  if (choice.kind === 'business') return 'taxId';
  if (choice.kind === 'donation') return 'einvoiceBuyer.loveCode';
  return 'einvoiceBuyer.code';
}

/**
 * The issuer's own registry: a barcode unknown to the Ministry's platform, or a donation code no
 * charity has, is refused. An issuer that does not answer is not a reason to refuse the admin: the
 * format was checked, and a refusal at issue shows on the e-invoice (failed, with the issuer's words).
 */
async function checkWithIssuer(issuer: EInvoiceIssuer | null, choice: EInvoiceBuyerChoice): Promise<void> {
  if (!issuer) return;
  if (choice.kind === 'mobile_barcode') {
    const known = await issuer.checkMobileBarcode(choice.code).catch(() => true);
    if (!known) throw new AppError('einvoice_barcode_not_registered', { field: 'einvoiceBuyer.code' });
  }
  if (choice.kind === 'donation') {
    const known = await issuer.checkDonationCode(choice.loveCode).catch(() => true);
    if (!known) throw new AppError('einvoice_donation_code_unknown', { field: 'einvoiceBuyer.loveCode' });
  }
}
