import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { type ProductView, readProducts } from './product-view.js';

export async function getProduct(options: { db: Db; productId: string }): Promise<ProductView> {
  const [product] = await readProducts(options.db, [options.productId]);
  if (!product) throw new AppError('not_found');
  return product;
}
