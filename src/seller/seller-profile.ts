import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Where the seller's customers transfer money: its bank, and the virtual-account prefix the bank gave it. */
export interface SellerBankTransfer {
  bankCode: string;
  bankName: string;
  accountPrefix: string;
}

export interface SellerProfile {
  legalName: string;
  address: string;
  taxId: string | null;
  supportEmail: string;
  supportPhone: string | null;
  bankTransfer: SellerBankTransfer | null;
  einvoice: { enabled: boolean };
}

/** The provider's seller block, or null until it is set. */
export async function readSellerProfile(db: Kysely<Database>): Promise<SellerProfile | null> {
  const row = await db.selectFrom('seller_profile').selectAll().where('id', '=', 1).executeTakeFirst();
  return row
    ? {
        legalName: row.legal_name,
        address: row.address,
        taxId: row.tax_id,
        supportEmail: row.support_email,
        supportPhone: row.support_phone,
        bankTransfer:
          row.bank_code && row.bank_name && row.transfer_account_prefix
            ? { bankCode: row.bank_code, bankName: row.bank_name, accountPrefix: row.transfer_account_prefix }
            : null,
        einvoice: { enabled: row.einvoice_enabled },
      }
    : null;
}
