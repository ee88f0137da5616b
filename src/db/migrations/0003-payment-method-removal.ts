import { type Kysely, sql } from 'kysely';

// Past payments keep pointing at a removed card, so removal is a mark, not a delete.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table payment_methods add column removed_at timestamptz`.execute(db);
}
