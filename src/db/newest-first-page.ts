import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';

/** A timestamptz as exact text (UTC, microseconds): what a cursor keeps, so no two rows share a key. */
export function createdAtKey(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * One page of a single table's rows, newest first, after a cursor: ordered by (created_at, id), one
 * row more fetched to know whether another page follows. The caller's query selects id.
 */
export async function newestFirstPage<DB, TB extends keyof DB, O extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  options: { limit: number; after?: string | undefined },
): Promise<{ rows: O[]; nextCursor: string | null }> {
  let paged = query
    .select(createdAtKey('created_at').as('page_key'))
    .orderBy(sql.ref('created_at'), 'desc')
    .orderBy(sql.ref('id'), 'desc')
    .limit(options.limit + 1);
  if (options.after) {
    const [createdAt, id] = decodeCursor(options.after);
    paged = paged.where(sql<boolean>`(created_at, id) < (${createdAt}::timestamptz, ${id})`);
  }
  const found = (await paged.execute()) as unknown as (O & { page_key: string })[];
  const rows = found.slice(0, options.limit);
  const last = rows.at(-1);
  return {
    rows: rows.map(({ page_key: _key, ...row }) => row as unknown as O),
    nextCursor: found.length > options.limit && last ? encodeCursor(last.page_key, last.id) : null,
  };
}
