import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { billingIncrementSqlCase } from '../domain/money.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { chargeSubscriptionCard } from './charge-subscription-card.js';
import { expireEndedTerms } from './expire-ended-terms.js';

export interface BillingRunReport {
  invoicesIssued: number;
  charged: number;
  declined: number;
  unknown: number;
  skipped: number;
}

/**
 * Issues the invoice of every subscription whose period has ended, then charges the ones in good
 * standing off-session. Invoicing is set-based, a batch per statement; SKIP LOCKED and the unique
 * (subscription, period) index let any number of workers run it at once without a duplicate.
 * A subscription behind by several periods gets one invoice per period, oldest first.
 */
export async function runBilling(options: {
  db: Db;
  gateway: PaymentGateway;
  now?: Date;
  batchSize?: number;
  charge?: boolean;
  onProgress?: (report: BillingRunReport) => void;
}): Promise<BillingRunReport> {
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const batchSize = options.batchSize ?? 10_000;
  const report: BillingRunReport = { invoicesIssued: 0, charged: 0, declined: 0, unknown: 0, skipped: 0 };
  await expireEndedTerms({ db: options.db, today });
  for (;;) {
    const issued = await issueDueInvoices(options.db, today, batchSize, options.charge !== false);
    report.invoicesIssued += issued.invoices;
    if (options.charge !== false) {
      for (const subscriptionId of issued.toCharge)
        await chargeRenewal(options.db, options.gateway, subscriptionId, now, report);
    }
    options.onProgress?.(report);
    if (issued.subscriptions < batchSize) return report;
  }
}

// The end of the period after the current one of subscription `s` (SQL twin of addBillingPeriod).
const nextPeriodEnd = sql`(s.current_period_end + case when s.billing_frequency = 'annual' then interval '1 year' else interval '1 month' end)::date`;

async function issueDueInvoices(db: Db, today: string, batchSize: number, charge: boolean) {
  const result = await sql<{ subscription_id: string | null; due_count: number | null }>`
    with due as (
      select s.id, s.organization_id, s.licenses, s.status, s.current_period_end as period_start,
        settle_subscription_json(s) as before_object,
        ${nextPeriodEnd} as period_end,
        p.unit_amount_minor, o.currency, o.tax_rate_bp,
        case when o.collection_method = 'send_invoice' then ${today}::date + coalesce(o.days_until_due, 30)
          else ${today}::date end as due_on
      from subscriptions s
      join organizations o on o.id = s.organization_id
      join prices p on p.id = s.price_id
      where s.current_period_end <= ${today}::date and s.status in ('active', 'expired') and s.recurring_billing
      order by s.current_period_end, s.id
      limit ${batchSize}
      for update of s skip locked
    ),
    priced as (
      select due.*, unit_amount_minor * licenses as subtotal,
        -- Half up to the currency's billing precision (whole New Taiwan dollars): taxOf's SQL twin.
        (unit_amount_minor * licenses * tax_rate_bp * 2 + 10000 * ${sql.raw(billingIncrementSqlCase('currency'))})
          / (20000 * ${sql.raw(billingIncrementSqlCase('currency'))}) * ${sql.raw(billingIncrementSqlCase('currency'))} as tax
      from due
    ),
    -- Numbers come from each organization's own counter, a block per organization per batch.
    billable as (
      select priced.*, row_number() over (partition by organization_id order by period_start, id) as n
      from priced where subtotal + tax > 0
    ),
    counters as (
      update organizations o set invoice_counter = o.invoice_counter + c.count
      from (select organization_id, count(*)::int as count from billable group by organization_id) c
      where o.id = c.organization_id
      returning o.id, o.invoice_counter - c.count as base
    ),
    issued as (
      insert into invoices (id, organization_id, subscription_id, number, currency, amount_minor, status, issued_on, due_on,
        period_start, period_end, licenses, unit_amount_minor, tax_minor, seller)
      select gen_random_uuid()::text, b.organization_id, b.id, 'INV-' || (c.base + b.n), b.currency, b.subtotal + b.tax, 'open',
        ${today}::date, b.due_on, b.period_start, b.period_end, b.licenses, b.unit_amount_minor, b.tax,
        (select jsonb_build_object('legalName', legal_name, 'address', address, 'taxId', tax_id,
          'supportEmail', support_email, 'supportPhone', support_phone) from seller_profile where id = 1)
      from billable b join counters c on c.id = b.organization_id
      on conflict (subscription_id, period_start) where kind = 'renewal' do nothing
      returning id, organization_id, subscription_id, currency, amount_minor, settle_invoice_json(invoices) as object
    ),
    -- Events from the views' SQL form (migration 0029), set-based like the rest of the run.
    invoice_events as (
      insert into events (type, organization_id, data)
      select 'invoice.issued', i.organization_id, jsonb_build_object('object', i.object) from issued i
    ),
    posted as (
      insert into ledger_entries (organization_id, journal_id, account, amount_minor, currency, subscription_id, invoice_id)
      select i.organization_id, 'issue-' || i.id, a.account, a.sign * i.amount_minor, i.currency, i.subscription_id, i.id
      from issued i cross join (values ('receivable', 1), ('revenue', -1)) as a(account, sign)
    ),
    -- The new period is computed from the row itself (locked above, so unchanged since): joined to
    -- due instead, the planner hashed the whole table for every batch.
    advanced as (
      update subscriptions s set current_period_start = s.current_period_end,
        current_period_end = ${nextPeriodEnd}, period_billing_frequency = null, period_price_id = null
      where s.id = any(array(select id from due))
    ),
    -- The object after the update is the one before with the new period: the same view, no join back.
    subscription_events as (
      insert into events (type, organization_id, data)
      select 'subscription.updated', d.organization_id, jsonb_build_object(
        'object', d.before_object || jsonb_build_object('currentPeriodStart', d.period_start::text,
          'currentPeriodEnd', d.period_end::text),
        'previousAttributes', jsonb_build_object('currentPeriodStart', d.before_object -> 'currentPeriodStart',
          'currentPeriodEnd', d.before_object -> 'currentPeriodEnd'))
      from due d
    )
    -- No join of the two CTEs: without statistics the planner would loop over one for each row of the other.
    select null as subscription_id, count(*)::int as due_count from due
    union all
    select subscription_id, null from issued`.execute(db);
  const issuedIds = result.rows
    .filter((row) => row.subscription_id !== null)
    .map((row) => row.subscription_id as string);
  // Past-due subscriptions are dunning's: its retry will take the new invoice with the rest.
  const active =
    charge && issuedIds.length
      ? await db
          .selectFrom('subscriptions')
          .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
          .select('subscriptions.id')
          .where('subscriptions.id', 'in', issuedIds)
          .where('subscriptions.status', '=', 'active')
          // Organizations paid by invoice pay from Bills & payments, within their days.
          .where('organizations.collection_method', '=', 'charge_automatically')
          .execute()
      : [];
  return {
    subscriptions: Number(result.rows.find((row) => row.due_count !== null)?.due_count ?? 0),
    invoices: issuedIds.length,
    toCharge: active.map((row) => row.id),
  };
}

async function chargeRenewal(
  db: Db,
  gateway: PaymentGateway,
  subscriptionId: string,
  now: Date,
  report: BillingRunReport,
) {
  const payment = await chargeSubscriptionCard({ db, gateway, subscriptionId, now });
  if (!payment) report.skipped++;
  else if (payment.status === 'succeeded') report.charged++;
  else if (payment.status === 'failed') report.declined++;
  else report.unknown++;
}
