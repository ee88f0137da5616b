import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { isWholeBillingStep } from '../domain/money.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { getProduct } from './get-product.js';
import type { NewPrice, ProductView } from './product-view.js';

/** A product of the catalogue with its first prices (at most one per currency and frequency). */
export async function createProduct(options: {
  db: Db;
  product: {
    name: { enUS: string; zhTW?: string | undefined };
    description?: string | undefined;
    prices: NewPrice[];
  };
  /** The request's Idempotency-Key: a retry after the product was saved answers with it. */
  idempotency?: IdempotencyClaim | null;
}): Promise<ProductView> {
  const { product } = options;
  const combinations = new Set(product.prices.map((p) => `${p.currency}/${p.billingFrequency}`));
  if (combinations.size !== product.prices.length)
    throw new AppError('validation_failed', {
      field: 'prices',
      reason: 'one_price_per_currency_and_frequency',
    });
  if (!product.prices.every((price) => isWholeBillingStep(price.unitAmountMinor, price.currency)))
    throw new AppError('validation_failed', { field: 'unitAmountMinor', reason: 'not_a_whole_billing_step' });
  const id = await options.db.transaction().execute(async (tx) => {
    const made = await resourceOfKey(tx, options.idempotency, 'product');
    if (made) return made;
    const id = randomUUID();
    await tx
      .insertInto('products')
      .values({
        id,
        name: product.name.enUS,
        name_zh_tw: product.name.zhTW ?? null,
        description: product.description ?? '',
      })
      .execute();
    if (product.prices.length)
      await tx
        .insertInto('prices')
        .values(
          product.prices.map((price) => ({
            product_id: id,
            currency: price.currency,
            billing_frequency: price.billingFrequency,
            unit_amount_minor: price.unitAmountMinor,
          })),
        )
        .execute();
    await bindResourceToKey(tx, options.idempotency, { type: 'product', id });
    return id;
  });
  return getProduct({ db: options.db, productId: id });
}
