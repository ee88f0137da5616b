import { type Kysely, sql } from 'kysely';

// A subscription renews on the day of the month it started (its billing anchor), or on the month's
// last day when that month is shorter: started on the 31st, it renews on Feb 28 and then on Mar 31,
// where adding a month to the last period's end had kept it on the 28th for good.
// Existing subscriptions take the day their unbroken run of renewal periods began: the current
// period, followed back through the renewal invoices whose period ends where the next one starts.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table subscriptions add column billing_anchor_day smallint`.execute(db);
  await sql`with recursive chain as (
      select s.id as subscription_id, s.current_period_start as period_start from subscriptions s
      union
      select c.subscription_id, i.period_start from chain c
      join invoices i on i.subscription_id = c.subscription_id and i.kind = 'renewal'
        and i.period_end = c.period_start
    )
    update subscriptions s set billing_anchor_day = extract(day from first.period_start)::smallint
    from (select subscription_id, min(period_start) as period_start from chain group by subscription_id) first
    where first.subscription_id = s.id`.execute(db);
  await sql`alter table subscriptions alter column billing_anchor_day set not null,
    add constraint subscriptions_billing_anchor_day check (billing_anchor_day between 1 and 31)`.execute(db);
}
