import { type Kysely, sql } from 'kysely';

// The card processors' own bookkeeping, written only by their adapters (as sandbox_* is by the
// sandbox): which processor intent stands for a Settle payment id (Stripe and TapPay name intents
// themselves), whether Settle canceled that key first (so a late create or confirm is refused), and
// the processor's customer for each organization.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table processor_intents (
    processor text not null,
    idempotency_key text not null,
    intent_id text,
    off_session boolean not null default true,
    canceled_at timestamptz,
    created_at timestamptz not null default now(),
    primary key (processor, idempotency_key))`.execute(db);
  await sql`create table processor_customers (
    processor text not null,
    organization_id text not null,
    customer_id text not null,
    primary key (processor, organization_id))`.execute(db);
}
