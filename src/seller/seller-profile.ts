import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface SellerProfile {
  legalName: string;
  address: string;
  taxId: string | null;
  supportEmail: string;
  supportPhone: string | null;
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
      }
    : null;
}
