import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { isValidTaiwanBusinessNumber } from '../domain/tax-id.js';
import { assignTransferAccounts } from '../organizations/assign-transfer-accounts.js';
import { readSellerProfile, type SellerProfile } from './seller-profile.js';

/**
 * Sets who sells; every invoice and PDF from then on prints it (invoices read it when rendered). With a
 * bank for transfers, every customer without a transfer account gets one under its prefix; numbers
 * already given stay (they are printed on invoices). Turning on Taiwan's e-invoices needs the seller's
 * own 統一編號 and an issuer; paid invoices from then on get theirs.
 */
export async function setSellerProfile(options: {
  db: Db;
  profile: Omit<SellerProfile, 'bankTransfer' | 'einvoice'> & {
    bankTransfer?: SellerProfile['bankTransfer'] | undefined;
    einvoice?: SellerProfile['einvoice'] | undefined;
  };
  /** Whether an e-invoice issuer is configured (SETTLE_EINVOICE is not none). */
  einvoiceIssuerConfigured: boolean;
}): Promise<SellerProfile> {
  const { profile } = options;
  if (profile.einvoice?.enabled) {
    if (!options.einvoiceIssuerConfigured) throw new AppError('einvoice_issuer_not_configured');
    if (!profile.taxId || !isValidTaiwanBusinessNumber(profile.taxId))
      throw new AppError('tax_id_invalid', { field: 'taxId' });
  }
  const values = {
    legal_name: profile.legalName,
    address: profile.address,
    tax_id: profile.taxId,
    support_email: profile.supportEmail,
    support_phone: profile.supportPhone,
    bank_code: profile.bankTransfer?.bankCode ?? null,
    bank_name: profile.bankTransfer?.bankName ?? null,
    transfer_account_prefix: profile.bankTransfer?.accountPrefix ?? null,
    ...(profile.einvoice ? { einvoice_enabled: profile.einvoice.enabled } : {}),
    updated_at: new Date(),
  };
  await options.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('seller_profile')
      .values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    await assignTransferAccounts(tx, {});
  });
  return (await readSellerProfile(options.db)) as SellerProfile;
}
