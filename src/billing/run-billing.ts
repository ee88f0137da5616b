import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { BillingFrequency, CollectionMethod } from '../db/schema.js';
import type { CurrencyCode } from '../domain/money.js';
import { invoiceDueOn, periodEndAfter } from '../domain/periods.js';
import { quoteRenewal } from '../domain/pricing.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { applyCustomerCredit } from '../payments/apply-customer-credit.js';
import { chargeSubscriptionCard } from './charge-subscription-card.js';
import { expireEndedTerms } from './expire-ended-terms.js';
import { documentPrefixes } from './take-document-numbers.js';

export interface BillingRunReport {
  invoicesIssued: number;
  charged: number;
  declined: number;
  unknown: number;
  skipped: number;
  /** Due subscriptions whose amount is past what can be billed: left as they are, and counted. */
  unbillable: number;
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
  const report: BillingRunReport = {
    invoicesIssued: 0,
    charged: 0,
    declined: 0,
    unknown: 0,
    skipped: 0,
    unbillable: 0,
  };
  await expireEndedTerms({ db: options.db, today });
  for (;;) {
    const issued = await issueDueInvoices(options.db, today, batchSize, options.charge !== false);
    report.invoicesIssued += issued.invoices;
    report.unbillable += issued.unbillable;
    if (options.charge !== false) {
      for (const subscriptionId of issued.toCharge)
        await chargeRenewal(options.db, options.gateway, subscriptionId, now, report);
    }
    options.onProgress?.(report);
    if (issued.subscriptions < batchSize) return report;
  }
}

interface DueRow {
  id: string;
  organization_id: string;
  licenses: number;
  period_start: string;
  billing_frequency: BillingFrequency;
  billing_anchor_day: number;
  unit_amount_minor: bigint;
  currency: CurrencyCode;
  tax_rate_bp: number;
  collection_method: CollectionMethod;
  days_until_due: number | null;
}

/**
 * One batch, in one transaction: the due subscriptions are locked (SKIP LOCKED), priced and given
 * their next period by the same rules as a sale and a preview (quoteRenewal, periodEndAfter), then
 * invoiced, posted and advanced by one set-based statement fed those figures as arrays.
 */
async function issueDueInvoices(db: Db, today: string, batchSize: number, charge: boolean) {
  const batch = await db.transaction().execute(async (tx) => {
    const due = await sql<DueRow>`
      select s.id, s.organization_id, s.licenses, s.current_period_end as period_start, s.billing_frequency,
        s.billing_anchor_day, p.unit_amount_minor, o.currency, o.tax_rate_bp, o.collection_method, o.days_until_due
      from subscriptions s
      join organizations o on o.id = s.organization_id
      join prices p on p.id = s.price_id
      where s.current_period_end <= ${today}::date and s.status in ('active', 'expired') and s.recurring_billing
      order by s.current_period_end, s.id
      limit ${batchSize}
      for update of s skip locked`.execute(tx);
    const priced = due.rows.flatMap((row) => renewalOf(row, today));
    return {
      due: due.rows.length,
      unbillable: due.rows.length - priced.length,
      issued: priced.length ? await applyCredits(tx, await writeRenewals(tx, priced, today)) : [],
    };
  });
  // Past-due subscriptions are dunning's: its retry will take the new invoice with the rest.
  const active =
    charge && batch.issued.length
      ? await db
          .selectFrom('subscriptions')
          .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
          .select('subscriptions.id')
          .where('subscriptions.id', 'in', batch.issued)
          .where('subscriptions.status', '=', 'active')
          // Organizations paid by invoice pay from Bills & payments, within their days.
          .where('organizations.collection_method', '=', 'charge_automatically')
          .execute()
      : [];
  return {
    subscriptions: batch.due,
    unbillable: batch.unbillable,
    invoices: batch.issued.length,
    toCharge: active.map((row) => row.id),
  };
}

interface Renewal {
  id: string;
  periodEnd: string;
  subtotalMinor: bigint;
  taxMinor: bigint;
  dueOn: string;
}

/** A due subscription's next period and its price; none when the amount is past what can be billed. */
function renewalOf(row: DueRow, today: string): Renewal[] {
  const periodEnd = periodEndAfter(row.period_start, row.billing_frequency, row.billing_anchor_day);
  try {
    const quote = quoteRenewal({
      unitAmountMinor: BigInt(row.unit_amount_minor),
      licenses: row.licenses,
      taxRateBp: row.tax_rate_bp,
      currency: row.currency,
    });
    const dueOn = invoiceDueOn({
      issuedOn: today,
      collectionMethod: row.collection_method,
      daysUntilDue: row.days_until_due,
    });
    return [{ id: row.id, periodEnd, subtotalMinor: quote.subtotalMinor, taxMinor: quote.taxMinor, dueOn }];
  } catch {
    // Sales and license changes refuse such amounts; one that got here anyway waits, alone, for a fix.
    return [];
  }
}

async function writeRenewals(tx: Db, renewals: Renewal[], today: string): Promise<string[]> {
  const column = <T>(pick: (renewal: Renewal) => T) => renewals.map(pick);
  const result = await sql<{ subscription_id: string }>`
    with due as (
      select d.id, d.period_end, d.subtotal, d.tax, d.due_on, s.organization_id, s.licenses,
        s.current_period_end as period_start, settle_subscription_json(s) as before_object,
        p.unit_amount_minor, o.currency
      from unnest(${column((r) => r.id)}::text[], ${column((r) => r.periodEnd)}::date[],
        ${column((r) => String(r.subtotalMinor))}::int8[], ${column((r) => String(r.taxMinor))}::int8[],
        ${column((r) => r.dueOn)}::date[]) as d(id, period_end, subtotal, tax, due_on)
      join subscriptions s on s.id = d.id
      join organizations o on o.id = s.organization_id
      join prices p on p.id = s.price_id
    ),
    -- A period already invoiced (it cannot be, with the subscription locked; but a number taken for a
    -- row the insert then skipped would be a gap) is left out before numbering.
    billable as (
      select due.*, row_number() over (order by organization_id, period_start, id) as n
      from due where subtotal + tax > 0 and not exists (select 1 from invoices i
        where i.subscription_id = due.id and i.period_start = due.period_start and i.kind = 'renewal')
    ),
    -- The seller's numbers, a block per batch (billing/take-document-numbers.ts, in SQL): the sequence's
    -- row is locked until the batch commits, after the subscriptions (no deadlock with a license change).
    numbers as (
      insert into document_sequences as s (kind, last_number)
      select 'invoice', 1000 + count(*) from billable having count(*) > 0
      on conflict (kind) do update set last_number = s.last_number + excluded.last_number - 1000
      returning last_number - (select count(*) from billable) as base
    ),
    issued as (
      insert into invoices (id, organization_id, subscription_id, number, currency, amount_minor, status, issued_on, due_on,
        period_start, period_end, licenses, unit_amount_minor, tax_minor, seller)
      select gen_random_uuid()::text, b.organization_id, b.id, ${documentPrefixes.invoice}::text || (c.base + b.n), b.currency, b.subtotal + b.tax, 'open',
        ${today}::date, b.due_on, b.period_start, b.period_end, b.licenses, b.unit_amount_minor, b.tax,
        (select jsonb_build_object('legalName', legal_name, 'address', address, 'taxId', tax_id,
          'supportEmail', support_email, 'supportPhone', support_phone, 'bankTransfer', case when bank_code is null
          then null else jsonb_build_object('bankCode', bank_code, 'bankName', bank_name,
          'accountPrefix', transfer_account_prefix) end) from seller_profile where id = 1)
      from billable b cross join numbers c
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
    -- From the arrays, not from due: joined to a CTE, the planner hashed the whole table for every batch.
    advanced as (
      update subscriptions s set current_period_start = s.current_period_end, current_period_end = d.period_end,
        period_billing_frequency = null, period_price_id = null
      from unnest(${column((r) => r.id)}::text[], ${column((r) => r.periodEnd)}::date[]) as d(id, period_end)
      where s.id = d.id
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
    select subscription_id from issued`.execute(tx);
  return result.rows.map((row) => row.subscription_id);
}

/**
 * The customers' credit pays the invoices just issued before any card is charged: only those of the
 * batch's customers that have some (one query finds them), so a run without credits costs one query.
 */
async function applyCredits(tx: Db, issuedSubscriptionIds: string[]): Promise<string[]> {
  if (issuedSubscriptionIds.length === 0) return issuedSubscriptionIds;
  const withCredit = await sql<{ organization_id: string }>`
    select l.organization_id from ledger_entries l
    where l.account = 'customer_credit' and l.organization_id in
      (select organization_id from subscriptions where id = any(${issuedSubscriptionIds}))
    group by l.organization_id having sum(l.amount_minor) < 0`.execute(tx);
  for (const row of withCredit.rows)
    await applyCustomerCredit(tx, { organizationId: row.organization_id, now: new Date() });
  return issuedSubscriptionIds;
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
