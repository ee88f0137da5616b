import type { Db } from '../db/connect.js';
import { readSellerProfile, type SellerProfile } from './seller-profile.js';

/** Sets who sells; every invoice and PDF from then on prints it (invoices read it when rendered). */
export async function setSellerProfile(options: { db: Db; profile: SellerProfile }): Promise<SellerProfile> {
  const values = {
    legal_name: options.profile.legalName,
    address: options.profile.address,
    tax_id: options.profile.taxId,
    support_email: options.profile.supportEmail,
    support_phone: options.profile.supportPhone,
    updated_at: new Date(),
  };
  await options.db
    .insertInto('seller_profile')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  return (await readSellerProfile(options.db)) as SellerProfile;
}
