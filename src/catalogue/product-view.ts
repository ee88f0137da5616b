import type { Kysely } from 'kysely';
import type { BillingFrequency, Database } from '../db/schema.js';
import type { CurrencyCode } from '../domain/money.js';

export interface PriceView {
  id: string;
  currency: CurrencyCode;
  billingFrequency: BillingFrequency;
  unitAmountMinor: bigint;
  archivedAt: Date | null;
  createdAt: Date;
}

export interface NewPrice {
  currency: CurrencyCode;
  billingFrequency: BillingFrequency;
  unitAmountMinor: bigint;
}

export interface ProductView {
  id: string;
  name: { enUS: string; zhTW: string | null };
  description: string;
  archivedAt: Date | null;
  createdAt: Date;
  /** Every price it has had, the active ones first; archived ones still bill the subscriptions on them. */
  prices: PriceView[];
}

/** Products with their prices, in the order of productIds. */
export async function readProducts(db: Kysely<Database>, productIds: string[]): Promise<ProductView[]> {
  if (productIds.length === 0) return [];
  const products = await db.selectFrom('products').selectAll().where('id', 'in', productIds).execute();
  const prices = await db
    .selectFrom('prices')
    .selectAll()
    .where('product_id', 'in', productIds)
    .orderBy('archived_at', (ob) => ob.desc().nullsFirst())
    .orderBy('currency')
    .orderBy('billing_frequency', 'desc')
    .execute();
  const byId = new Map(products.map((product) => [product.id, product]));
  return productIds.flatMap((id) => {
    const product = byId.get(id);
    if (!product) return [];
    return [
      {
        id: product.id,
        name: { enUS: product.name, zhTW: product.name_zh_tw },
        description: product.description,
        archivedAt: product.archived_at,
        createdAt: product.created_at,
        prices: prices
          .filter((price) => price.product_id === id)
          .map((price) => ({
            id: price.id,
            currency: price.currency,
            billingFrequency: price.billing_frequency,
            unitAmountMinor: price.unit_amount_minor,
            archivedAt: price.archived_at,
            createdAt: price.created_at,
          })),
      },
    ];
  });
}
