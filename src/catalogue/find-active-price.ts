import type { Kysely } from 'kysely';
import type { BillingFrequency, Database } from '../db/schema.js';
import type { CurrencyCode } from '../domain/money.js';

/** The price the catalogue sells a product at today, in a currency and at a frequency; undefined if none. */
export async function findActivePrice(
  db: Kysely<Database>,
  options: { productId: string; currency: CurrencyCode; billingFrequency: BillingFrequency },
): Promise<{ id: string; unitAmountMinor: bigint } | undefined> {
  const price = await db
    .selectFrom('prices')
    .select(['id', 'unit_amount_minor'])
    .where('product_id', '=', options.productId)
    .where('currency', '=', options.currency)
    .where('billing_frequency', '=', options.billingFrequency)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return price && { id: price.id, unitAmountMinor: price.unit_amount_minor };
}
