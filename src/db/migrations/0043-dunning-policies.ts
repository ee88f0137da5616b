import { type Kysely, sql } from 'kysely';

// The seller's own dunning policy (the retry days, how long a past-due subscription stays Expired
// before it is Disabled, and whether and when it is then Deleted), with a customer's own where the
// seller gave it one; and the reminders sent before a card a subscription uses expires, one row per
// card, expiry and reminder, so each is sent once however many processes run the job.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table dunning_policy (
    id smallint primary key check (id = 1),
    policy jsonb not null,
    updated_at timestamptz not null default now())`.execute(db);
  await sql`alter table organizations add column dunning_policy jsonb`.execute(db);
  await sql`create table card_expiry_reminders (
    payment_method_id text not null references payment_methods(id),
    exp_month int not null,
    exp_year int not null,
    days_before int not null check (days_before in (30, 7)),
    sent_at timestamptz not null,
    primary key (payment_method_id, exp_year, exp_month, days_before))`.execute(db);
}
