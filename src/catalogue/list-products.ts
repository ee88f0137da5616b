import type { Db } from '../db/connect.js';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';
import { type ProductView, readProducts } from './product-view.js';

/** The catalogue, newest first, a page at a time; archived products only when asked for. */
export async function listProducts(options: {
  db: Db;
  limit: number;
  after?: string | undefined;
  includeArchived: boolean;
}): Promise<{ items: ProductView[]; nextCursor: string | null }> {
  let query = options.db
    .selectFrom('products')
    .select(['id', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (!options.includeArchived) query = query.where('archived_at', 'is', null);
  if (options.after) {
    const [createdAt, id] = decodeCursor(options.after);
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', createdAt),
        eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: await readProducts(
      options.db,
      page.map((row) => row.id),
    ),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
