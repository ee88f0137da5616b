import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import { type ProductView, readProducts } from './product-view.js';

/** The catalogue, newest first, a page at a time; archived products only when asked for. */
export async function listProducts(options: {
  db: Db;
  limit: number;
  after?: string | undefined;
  includeArchived: boolean;
}): Promise<{ items: ProductView[]; nextCursor: string | null }> {
  let query = options.db.selectFrom('products').select(['id', 'created_at']);
  if (!options.includeArchived) query = query.where('archived_at', 'is', null);
  const page = await newestFirstPage(query, options);
  return {
    items: await readProducts(
      options.db,
      page.rows.map((row) => row.id),
    ),
    nextCursor: page.nextCursor,
  };
}
