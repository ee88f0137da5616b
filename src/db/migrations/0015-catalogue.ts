import { type Kysely, sql } from 'kysely';

// The catalogue becomes the provider's to manage: products named in both languages, archived rather
// than deleted; prices with ids, a new amount being a new price (the old one archived). A
// subscription points at the price it renews at (and, after a change of frequency, the one its
// current period was billed at), so existing subscriptions keep their price when the catalogue
// changes. A subscription inserted without a price gets the product's active price for its
// organization's currency and its frequency (the trigger below), as every insert did before.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table products
    add column name_zh_tw text,
    add column archived_at timestamptz,
    add column created_at timestamptz not null default now()`.execute(db);
  await sql`alter table prices
    add column id text not null default gen_random_uuid()::text,
    add column archived_at timestamptz,
    add column created_at timestamptz not null default now()`.execute(db);
  await sql`alter table prices drop constraint prices_pkey`.execute(db);
  await sql`alter table prices add primary key (id)`.execute(db);
  await sql`create unique index prices_active on prices (product_id, currency, billing_frequency)
    where archived_at is null`.execute(db);
  await sql`alter table subscriptions
    add column price_id text references prices(id),
    add column period_price_id text references prices(id)`.execute(db);
  await sql`update subscriptions s set price_id = p.id
    from organizations o, prices p
    where o.id = s.organization_id and p.product_id = s.product_id and p.currency = o.currency
      and p.billing_frequency = s.billing_frequency`.execute(db);
  await sql`update subscriptions s set period_price_id = p.id
    from organizations o, prices p
    where s.period_billing_frequency is not null and o.id = s.organization_id and p.product_id = s.product_id
      and p.currency = o.currency and p.billing_frequency = s.period_billing_frequency`.execute(db);
  await sql`create function subscription_default_price() returns trigger language plpgsql as $$
    begin
      if new.price_id is null then
        select p.id into new.price_id from prices p join organizations o on o.id = new.organization_id
        where p.product_id = new.product_id and p.currency = o.currency
          and p.billing_frequency = new.billing_frequency and p.archived_at is null;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger subscriptions_default_price before insert on subscriptions
    for each row execute function subscription_default_price()`.execute(db);
  await sql`alter table subscriptions alter column price_id set not null`.execute(db);
}
