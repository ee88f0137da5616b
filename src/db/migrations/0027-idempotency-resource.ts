import { type Kysely, sql } from 'kysely';

// Idempotency with the resource: the key's record names what its request created, written in the use
// case's own transaction, so a retry after a crash or a failed answer finds it and answers with it
// instead of creating it again. Keys are the client's opaque text: only their SHA-256 is kept.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table idempotency_keys add column resource_type text, add column resource_id text`.execute(
    db,
  );
  await sql`update idempotency_keys set key = encode(sha256(convert_to(key, 'UTF8')), 'hex')`.execute(db);
}
