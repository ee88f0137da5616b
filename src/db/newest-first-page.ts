import { type SelectQueryBuilder, sql } from 'kysely';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';

/**
 * One page of a single table's rows, newest first, after a cursor: ordered by (created_at, id), one
 * row more fetched to know whether another page follows. The caller's query selects id and created_at.
 */
export async function newestFirstPage<DB, TB extends keyof DB, O extends { id: string; created_at: Date }>(
  query: SelectQueryBuilder<DB, TB, O>,
  options: { limit: number; after?: string | undefined },
): Promise<{ rows: O[]; nextCursor: string | null }> {
  let paged = query
    .orderBy(sql.ref('created_at'), 'desc')
    .orderBy(sql.ref('id'), 'desc')
    .limit(options.limit + 1);
  if (options.after) {
    const [createdAt, id] = decodeCursor(options.after);
    paged = paged.where(sql<boolean>`(created_at, id) < (${createdAt}, ${id})`);
  }
  const found = await paged.execute();
  const rows = found.slice(0, options.limit);
  const last = rows.at(-1);
  return {
    rows,
    nextCursor: found.length > options.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
