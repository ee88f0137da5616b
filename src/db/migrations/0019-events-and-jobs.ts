import { type Kysely, sql } from 'kysely';

// Events out and work in the background.
//
// Events are written by triggers, in the transaction of the change itself (an outbox): a change that
// rolls back leaves no event, and no code path (including the set-based billing run) can forget one.
// Each event is fanned out, in the same transaction, to a delivery per enabled endpoint that wants it
// (a trigger on events);
// deliveries are claimed with FOR UPDATE SKIP LOCKED and a lease, so any number of processes deliver
// side by side and a process killed mid-delivery leaves its claim to expire and be taken again.
//
// Payloads are version 2026-11-01: camelCase, amounts in minor units with their ISO 4217 currency,
// dates as ISO strings. A later version adds functions beside these; it does not change them.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await createTables(db);
  await createObjectFunctions(db);
  await createEventTriggers(db);
  await addEmailClaims(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function createTables(db: Kysely<any>): Promise<void> {
  await sql`create table webhook_endpoints (
    id text primary key,
    url text not null,
    description text not null default '',
    event_types text[] not null,
    enabled boolean not null default true,
    disabled_reason text check (disabled_reason in ('by_provider', 'failing')),
    disabled_at timestamptz,
    secret_sealed text not null,
    previous_secret_sealed text,
    previous_secret_expires_at timestamptz,
    failing_since timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
  )`.execute(db);
  await sql`create table events (
    id text primary key default 'evt_' || replace(gen_random_uuid()::text, '-', ''),
    sequence bigserial not null unique,
    type text not null,
    api_version text not null default '2026-11-01',
    organization_id text references organizations(id),
    data jsonb not null,
    created_at timestamptz not null default clock_timestamp()
  )`.execute(db);
  await sql`create index events_created_at on events (created_at)`.execute(db);
  await sql`create table webhook_deliveries (
    id bigserial primary key,
    endpoint_id text not null references webhook_endpoints(id) on delete cascade,
    event_id text not null references events(id) on delete cascade,
    status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default clock_timestamp(),
    claimed_until timestamptz,
    claim_token text,
    last_error text,
    delivered_at timestamptz,
    created_at timestamptz not null default clock_timestamp(),
    unique (endpoint_id, event_id)
  )`.execute(db);
  await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at)
    where status = 'pending'`.execute(db);
  await sql`create table webhook_attempts (
    id bigserial primary key,
    delivery_id bigint not null references webhook_deliveries(id) on delete cascade,
    endpoint_id text not null,
    event_id text not null,
    attempt integer not null,
    status_code integer,
    latency_ms integer not null,
    response_excerpt text not null default '',
    error text,
    attempted_at timestamptz not null
  )`.execute(db);
  await sql`create index webhook_attempts_endpoint on webhook_attempts (endpoint_id, id desc)`.execute(db);
  // Whole runs (renewals and dunning, reconciliation, expiry): one process at a time, due when none
  // has finished one recently; the lease, renewed while running, lets another process take over from
  // one that died.
  await sql`create table job_runs (
    name text primary key,
    claimed_until timestamptz,
    claimed_by text,
    runs integer not null default 0,
    failures integer not null default 0,
    last_started_at timestamptz,
    last_finished_at timestamptz,
    last_error text
  )`.execute(db);
  // Mail to the provider (an endpoint disabled for failing): the same claims as the admins' notices.
  await sql`create table provider_emails (
    id text primary key default gen_random_uuid()::text,
    to_address text not null,
    subject text not null,
    body text not null,
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    claimed_until timestamptz,
    last_error text,
    failed_at timestamptz
  )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function createObjectFunctions(db: Kysely<any>): Promise<void> {
  // The status a provider sees: past due while dunning has it, canceled when ended by a cancel.
  await sql`create function settle_subscription_status(s subscriptions) returns text language sql immutable as $$
    select case
      when s.status = 'deleted' then 'deleted'
      when s.past_due_since is not null and s.status = 'expired' then 'past_due'
      when s.past_due_since is not null then s.status
      when s.status = 'disabled' and not s.recurring_billing then 'canceled'
      else s.status end $$`.execute(db);
  await sql`create function settle_subscription_object(s subscriptions) returns jsonb language sql stable as $$
    select jsonb_build_object('object', 'subscription', 'id', s.id, 'organizationId', s.organization_id,
      'productId', s.product_id, 'priceId', s.price_id, 'licenses', s.licenses,
      'billingFrequency', s.billing_frequency, 'status', settle_subscription_status(s),
      'cancelAtPeriodEnd', not s.recurring_billing and s.status = 'active',
      'currentPeriodStart', s.current_period_start, 'currentPeriodEnd', s.current_period_end,
      'pastDueSince', s.past_due_since, 'createdAt', s.created_at) $$`.execute(db);
  await sql`create function settle_invoice_object(i invoices) returns jsonb language sql stable as $$
    select jsonb_build_object('object', 'invoice', 'id', i.id, 'number', i.number,
      'organizationId', i.organization_id, 'subscriptionId', i.subscription_id, 'kind', i.kind,
      'status', i.status, 'currency', i.currency, 'amountMinor', i.amount_minor, 'taxMinor', i.tax_minor,
      'issuedOn', i.issued_on, 'dueOn', i.due_on, 'periodStart', i.period_start, 'periodEnd', i.period_end,
      'paidAt', i.paid_at, 'paymentId', i.payment_id) $$`.execute(db);
  await sql`create function settle_payment_object(p payments) returns jsonb language sql stable as $$
    select jsonb_build_object('object', 'payment', 'id', p.id, 'organizationId', p.organization_id,
      'subscriptionId', p.subscription_id, 'status', p.status, 'currency', p.currency,
      'amountMinor', p.amount_minor, 'failureCode', p.failure_code, 'cardBrand', p.card_brand,
      'cardLast4', p.card_last4, 'offSession', p.created_by_user_id is null,
      'invoiceIds', coalesce((select jsonb_agg(pi.invoice_id order by pi.invoice_id) from payment_invoices pi
        where pi.payment_id = p.id), '[]'::jsonb),
      'createdAt', p.created_at) $$`.execute(db);
  await sql`create function settle_organization_object(o organizations) returns jsonb language sql stable as $$
    select jsonb_build_object('object', 'organization', 'id', o.id, 'name', o.name, 'currency', o.currency,
      'locale', o.locale, 'country', o.country, 'createdAt', o.created_at) $$`.execute(db);
  // Every event written, by any statement, gets a delivery for each enabled endpoint that wants it.
  // Trigger functions run inside every change, and their plans see tables without statistics (the
  // transition tables, an endpoints table never analyzed): PostgreSQL's JIT then compiled the fan-out
  // for ~50 ms on every settlement. They are small queries: no JIT, and nothing to do without endpoints.
  await sql`create function settle_fan_out() returns trigger language plpgsql set jit = off as $$
    begin
      if not exists (select 1 from webhook_endpoints where enabled and deleted_at is null) then
        return null;
      end if;
      insert into webhook_deliveries (endpoint_id, event_id)
        select e.id, n.id from new_events n join webhook_endpoints e
          on e.enabled and e.deleted_at is null and (n.type = any(e.event_types) or '*' = any(e.event_types));
      return null;
    end $$`.execute(db);
  await sql`create trigger events_fan_out after insert on events referencing new table as new_events
    for each statement execute function settle_fan_out()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function createEventTriggers(db: Kysely<any>): Promise<void> {
  // Statement-level with transition tables: a billing run renewing 100,000 subscriptions in one
  // statement writes their events in one insert too (row by row, the run took 2.6× as long).
  await sql`create function settle_subscriptions_created() returns trigger language plpgsql set jit = off as $$
    begin
      insert into events (type, organization_id, data)
        select 'subscription.created', n.organization_id, jsonb_build_object('object', settle_subscription_object(n))
        from inserted n order by n.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger subscriptions_created after insert on subscriptions referencing new table as inserted
    for each statement execute function settle_subscriptions_created()`.execute(db);
  // Transition tables have no statistics: the planner joined the old and new rows in a nested loop,
  // 10,000 × 10,000 per batch of the billing run. A hash join is what these always want.
  await sql`create function settle_subscriptions_updated() returns trigger language plpgsql
    set enable_nestloop = off set jit = off as $$
    begin
      with pairs as (
        select n.id, n.organization_id, settle_subscription_object(o) as before_object,
          settle_subscription_object(n) as after_object, settle_subscription_status(o) as before_status,
          settle_subscription_status(n) as after_status
        from before_rows o join after_rows n on n.id = o.id
      ),
      changes as (
        select 1 as rank, id, organization_id, 'subscription.status_changed' as type,
          jsonb_build_object('object', after_object, 'previousStatus', before_status, 'status', after_status) as data
        from pairs where before_status <> after_status
        union all
        select 2, id, organization_id, 'subscription.updated',
          jsonb_build_object('object', after_object, 'previousAttributes',
            (select coalesce(jsonb_object_agg(a.key, a.value), '{}'::jsonb) from jsonb_each(before_object) a
              where a.value is distinct from after_object -> a.key))
        from pairs where before_object <> after_object
      )
      insert into events (type, organization_id, data)
        select type, organization_id, data from changes order by rank, id;
      return null;
    end $$`.execute(db);
  await sql`create trigger subscriptions_updated after update on subscriptions
    referencing old table as before_rows new table as after_rows
    for each statement execute function settle_subscriptions_updated()`.execute(db);

  await sql`create function settle_invoices_issued() returns trigger language plpgsql set jit = off as $$
    begin
      insert into events (type, organization_id, data)
        select 'invoice.issued', n.organization_id, jsonb_build_object('object', settle_invoice_object(n))
        from inserted n order by n.number;
      return null;
    end $$`.execute(db);
  await sql`create trigger invoices_issued after insert on invoices referencing new table as inserted
    for each statement execute function settle_invoices_issued()`.execute(db);
  await sql`create function settle_invoices_paid() returns trigger language plpgsql
    set enable_nestloop = off set jit = off as $$
    begin
      insert into events (type, organization_id, data)
        select 'invoice.paid', n.organization_id, jsonb_build_object('object', settle_invoice_object(n))
        from before_rows o join after_rows n on n.id = o.id
        where n.status = 'paid' and o.status <> 'paid' order by n.number;
      return null;
    end $$`.execute(db);
  await sql`create trigger invoices_paid after update on invoices
    referencing old table as before_rows new table as after_rows
    for each statement execute function settle_invoices_paid()`.execute(db);

  await sql`create function settle_organizations_created() returns trigger language plpgsql set jit = off as $$
    begin
      insert into events (type, organization_id, data)
        select 'organization.created', n.id, jsonb_build_object('object', settle_organization_object(n))
        from inserted n order by n.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger organizations_created after insert on organizations referencing new table as inserted
    for each statement execute function settle_organizations_created()`.execute(db);

  // A payment's invoices are linked after the payment row is written: its event waits for the commit
  // (a deferred trigger, which must be row by row; payments come one at a time anyway).
  await sql`create function settle_payment_events() returns trigger language plpgsql set jit = off as $$
    begin
      if new.status in ('succeeded', 'failed') and (tg_op = 'INSERT' or old.status <> new.status) then
        insert into events (type, organization_id, data)
          values ('payment.' || new.status, new.organization_id, jsonb_build_object('object', settle_payment_object(new)));
      end if;
      return null;
    end $$`.execute(db);
  await sql`create constraint trigger payments_events after insert or update of status on payments
    deferrable initially deferred for each row execute function settle_payment_events()`.execute(db);

  await sql`create function settle_refund_events() returns trigger language plpgsql set jit = off as $$
    begin
      if new.status = 'succeeded' and (tg_op = 'INSERT' or old.status <> 'succeeded') then
        insert into events (type, organization_id, data)
          values ('payment.refunded', new.organization_id,
            jsonb_build_object('object', (select settle_payment_object(p) from payments p where p.id = new.payment_id),
              'refund', jsonb_build_object('id', new.id, 'amountMinor', new.amount_minor, 'currency', new.currency,
                'reason', new.reason)));
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger refunds_events after insert or update of status on refunds
    for each row execute function settle_refund_events()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function addEmailClaims(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications
    add column attempts integer not null default 0,
    add column next_attempt_at timestamptz not null default now(),
    add column claimed_until timestamptz,
    add column last_error text,
    add column failed_at timestamptz`.execute(db);
  await sql`create index notifications_due on notifications (next_attempt_at)
    where sent_at is null and failed_at is null`.execute(db);
}
