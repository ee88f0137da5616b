import { type Kysely, sql } from 'kysely';

// Charges become two-step intents at the processor (created, then confirmed, or canceled first), and
// a charge that Settle did not record as a balance's payment is refunded automatically. `refunds`
// is Settle's record of each such refund: one per payment, its id the processor's refund key.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table refunds (
    id text primary key,
    organization_id text not null references organizations(id),
    payment_id text not null unique references payments(id),
    amount_minor bigint not null check (amount_minor > 0),
    currency text not null,
    reason text not null,
    status text not null check (status in ('pending', 'succeeded')),
    gateway_refund_id text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now())`.execute(db);
  await sql`create index refunds_pending on refunds (created_at) where status = 'pending'`.execute(db);
  // The sandbox processor's side: intents that wait for confirmation or were canceled, and refunds.
  await sql`alter table sandbox_charges add column refunded_minor bigint not null default 0`.execute(db);
  await sql`create table sandbox_refunds (
    idempotency_key text primary key,
    refund_id text not null unique,
    charge_key text not null references sandbox_charges(idempotency_key),
    amount_minor bigint not null,
    created_at timestamptz not null default now())`.execute(db);
}
