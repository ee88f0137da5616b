import { type Kysely, sql } from 'kysely';

const statements = [
  `create sequence invoice_number_seq start 100001`,
  // One invoice per subscription period, whatever number of billing workers run at once.
  `create unique index invoices_one_per_period on invoices (subscription_id, period_start)`,
  `alter table invoices add column licenses int`,
  `alter table invoices add column unit_amount_minor bigint`,
  `alter table invoices add column tax_minor bigint not null default 0`,
  `alter table organizations add column tax_rate_bp int not null default 0 check (tax_rate_bp between 0 and 10000)`,
  `create index subscriptions_due on subscriptions (current_period_end) where status in ('active', 'expired')`,
  `create index subscriptions_past_due on subscriptions (past_due_since) where past_due_since is not null`,
  `create table notifications (
    id text primary key,
    organization_id text not null references organizations(id),
    recipient_user_id text not null references users(id),
    kind text not null,
    locale text not null,
    subject text not null,
    body text not null,
    subscription_id text references subscriptions(id),
    created_at timestamptz not null default now(),
    sent_at timestamptz)`,
  `create index notifications_unsent on notifications (created_at) where sent_at is null`,
  `create index notifications_recipient on notifications (recipient_user_id, created_at desc)`,
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
