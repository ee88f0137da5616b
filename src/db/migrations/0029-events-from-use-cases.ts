import { type Kysely, sql } from 'kysely';

// Events are written by the use cases, in their transactions, from the same view and schema as the
// API's GET of each resource (src/resources, src/contract): the triggers that built payloads in
// PL/pgSQL, a second contract that disagreed with the API, are gone. The fan-out to endpoints stays a
// trigger on events: it builds no payload, and it serves set-based writers too.
//
// The billing run writes its events set-based, from the views' SQL form below; a test holds each equal
// to its TypeScript twin (test/events-contract.test.ts).
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  for (const [trigger, table] of [
    ['subscriptions_created', 'subscriptions'],
    ['subscriptions_updated', 'subscriptions'],
    ['invoices_issued', 'invoices'],
    ['invoices_paid', 'invoices'],
    ['organizations_created', 'organizations'],
    ['payments_events', 'payments'],
    ['refunds_events', 'refunds'],
  ] as const)
    await sql`drop trigger ${sql.raw(trigger)} on ${sql.raw(table)}`.execute(db);
  await sql`drop function settle_subscriptions_created(), settle_subscriptions_updated(), settle_invoices_issued(),
    settle_invoices_paid(), settle_organizations_created(), settle_payment_events(), settle_refund_events(),
    settle_subscription_object(subscriptions), settle_subscription_status(subscriptions),
    settle_invoice_object(invoices), settle_payment_object(payments), settle_organization_object(organizations)`.execute(
    db,
  );
  // An instant as the API writes it (JavaScript's toISOString: milliseconds, UTC).
  await sql`create function settle_instant(t timestamptz) returns text language sql immutable as $$
    select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`.execute(db);
  await sql`create function settle_subscription_json(s subscriptions) returns jsonb language sql stable as $$
    select jsonb_build_object('object', 'subscription', 'id', s.id, 'organizationId', s.organization_id,
      'productId', s.product_id, 'priceId', s.price_id, 'licenses', s.licenses,
      'billingFrequency', s.billing_frequency, 'status', s.status, 'recurringBilling', s.recurring_billing,
      'currentPeriodStart', s.current_period_start::text, 'currentPeriodEnd', s.current_period_end::text,
      'pastDueSince', settle_instant(s.past_due_since), 'createdAt', settle_instant(s.created_at)) $$`.execute(
    db,
  );
  await sql`create function settle_invoice_json(i invoices) returns jsonb language sql stable as $$
    select jsonb_build_object('object', 'invoice', 'id', i.id, 'number', i.number,
      'organizationId', i.organization_id, 'subscriptionId', i.subscription_id, 'kind', i.kind,
      'status', i.status, 'currency', i.currency, 'amountMinor', i.amount_minor, 'taxMinor', i.tax_minor,
      'issuedOn', i.issued_on::text, 'dueOn', i.due_on::text, 'periodStart', i.period_start::text,
      'periodEnd', i.period_end::text, 'paidAt', settle_instant(i.paid_at), 'paymentId', i.payment_id) $$`.execute(
    db,
  );
}
