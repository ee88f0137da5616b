import type { Db } from '../db/connect.js';
import { getProduct } from './get-product.js';
import type { ProductView } from './product-view.js';

/** No longer sold to anyone new; the subscriptions to it go on at their prices. Archiving twice is harmless. */
export async function archiveProduct(options: {
  db: Db;
  productId: string;
  now?: Date;
}): Promise<ProductView> {
  await options.db
    .updateTable('products')
    .set({ archived_at: options.now ?? new Date() })
    .where('id', '=', options.productId)
    .where('archived_at', 'is', null)
    .execute();
  return getProduct(options);
}
