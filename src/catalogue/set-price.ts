import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { isWholeBillingStep } from '../domain/money.js';
import { getProduct } from './get-product.js';
import type { NewPrice, ProductView } from './product-view.js';

/**
 * A new price for a product in a currency and at a frequency. The one it replaces is archived, not
 * changed: subscriptions on it keep renewing at it; new subscriptions and switches get the new one.
 */
export async function setPrice(options: {
  db: Db;
  productId: string;
  price: NewPrice;
}): Promise<ProductView> {
  const { price } = options;
  if (!isWholeBillingStep(price.unitAmountMinor, price.currency))
    throw new AppError('validation_failed', { field: 'unitAmountMinor', reason: 'not_a_whole_billing_step' });
  await options.db.transaction().execute(async (tx) => {
    const product = await tx
      .selectFrom('products')
      .select(['id', 'archived_at'])
      .where('id', '=', options.productId)
      .forUpdate()
      .executeTakeFirst();
    if (!product) throw new AppError('not_found');
    if (product.archived_at) throw new AppError('product_archived');
    await tx
      .updateTable('prices')
      .set({ archived_at: new Date() })
      .where('product_id', '=', product.id)
      .where('currency', '=', price.currency)
      .where('billing_frequency', '=', price.billingFrequency)
      .where('archived_at', 'is', null)
      .execute();
    await tx
      .insertInto('prices')
      .values({
        product_id: product.id,
        currency: price.currency,
        billing_frequency: price.billingFrequency,
        unit_amount_minor: price.unitAmountMinor,
      })
      .execute();
  });
  return getProduct({ db: options.db, productId: options.productId });
}
