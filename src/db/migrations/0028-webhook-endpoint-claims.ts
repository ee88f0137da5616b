import { type Kysely, sql } from 'kysely';

// Webhook deliveries are claimed per endpoint (each endpoint's due ones, and how many it has in flight),
// so that an endpoint that never answers holds up only itself.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index webhook_deliveries_endpoint_due on webhook_deliveries (endpoint_id, next_attempt_at)
    where status = 'pending'`.execute(db);
}
