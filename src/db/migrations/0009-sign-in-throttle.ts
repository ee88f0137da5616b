import { type Kysely, sql } from 'kysely';

// Failed sign-ins, per account and per client address, in the database so that every server process
// sees the same count: after a few failures the key is locked for a time that doubles with each one.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table sign_in_throttle (
    key text primary key,
    failures integer not null,
    locked_until timestamptz,
    updated_at timestamptz not null)`.execute(db);
}
