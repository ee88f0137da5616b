import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { hashPassword } from '../auth/password.js';
import { issueInvoice } from '../billing/issue-invoice.js';
import { takeDocumentNumber } from '../billing/take-document-numbers.js';
import { type Db, isEmbedded } from '../db/connect.js';
import type { BillingFrequency, Locale } from '../db/schema.js';
import { einvoicePeriodOf, nextEInvoicePeriod } from '../domain/einvoice.js';
import type { CurrencyCode } from '../domain/money.js';
import { anchorDayOf } from '../domain/periods.js';
import type { Role } from '../domain/permissions.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import { createAndConfirm } from '../gateway/payment-gateway.js';
import type { SandboxGateway } from '../gateway/sandbox/sandbox-gateway.js';
import { assignTransferAccounts } from '../organizations/assign-transfer-accounts.js';
import { recordOrganizationsCreated } from '../organizations/record-organization-created.js';
import { recordPaymentOutcome } from '../payments/record-payment-outcome.js';

export const demoPassword = 'settle-demo';

export interface DemoSignIn {
  email: string;
  role: Role;
  organization: string;
}

const products = [
  { id: randomUUID(), key: 'standard', name: 'Contoso Workplace Business Standard', twd: 39600n, usd: 1250n },
  { id: randomUUID(), key: 'premium', name: 'Contoso Workplace Business Premium', twd: 66000n, usd: 2200n },
  { id: randomUUID(), key: 'phone', name: 'Contoso Teams Phone', twd: 26000n, usd: 800n },
  { id: randomUUID(), key: 'defender', name: 'Contoso Defender for Business', twd: 9900n, usd: 300n },
] as const;
type ProductKey = (typeof products)[number]['key'];

function isoDay(base: Date, offsetDays: number): string {
  return new Date(base.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Any number that is Settle's own among the advisory locks of a database (its bytes spell "seed"). */
const seedLockKey = 0x73656564;

/**
 * Seeds once, on an empty database: two organizations that show every state of the settle flow.
 * Two processes starting together on one empty PostgreSQL both get here: the advisory lock makes the
 * second wait, then find the first one's data and leave it be.
 */
export async function seedDemo(options: {
  db: Db;
  sandbox: SandboxGateway;
  now?: Date;
}): Promise<DemoSignIn[] | null> {
  // PGlite has one process and one connection: nothing to race, and pinning its connection would stall the sandbox.
  if (isEmbedded(options.db)) return seedOnce(options);
  return options.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${seedLockKey})`.execute(connection);
    try {
      return await seedOnce({ ...options, db: connection });
    } finally {
      await sql`select pg_advisory_unlock(${seedLockKey})`.execute(connection);
    }
  });
}

async function seedOnce(options: {
  db: Db;
  sandbox: SandboxGateway;
  now?: Date;
}): Promise<DemoSignIn[] | null> {
  const { db, sandbox } = options;
  const now = options.now ?? new Date();
  const already = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  if (already) return null;
  // One hash per user, each with its own salt (equal passwords must not show as equal hashes); made
  // before the transaction, side by side, since each takes a good fraction of a second.
  const passwordHashes = await Promise.all(Array.from({ length: 7 }, () => hashPassword(demoPassword)));
  const nextPasswordHash = async () => passwordHashes.shift() ?? (await hashPassword(demoPassword));
  const signIns: DemoSignIn[] = [];

  await db.transaction().execute(async (tx) => {
    // The demo provider: the seller printed on every invoice.
    await tx
      .insertInto('seller_profile')
      .values({
        id: 1,
        legal_name: 'Settle Demo Cloud Co., Ltd.',
        address:
          '110 台北市信義區松仁路 100 號 20 樓\n20F, No. 100, Songren Rd., Xinyi Dist., Taipei 110, Taiwan',
        tax_id: '42345678',
        support_email: 'billing-support@settle.localhost',
        support_phone: '+886 2 2722 0000',
        // The sandbox bank: a notice of a transfer to one of its accounts is a provider API call
        // (POST /api/provider/v1/bank-transfers), as a real bank's would be.
        bank_code: '999',
        bank_name: 'Settle Sandbox Bank',
        transfer_account_prefix: '9921',
        // Taiwan's e-invoices through the sandbox issuer (SETTLE_EINVOICE=sandbox), numbered from the
        // ranges below: the demo's TWD customers get one for every paid invoice.
        einvoice_enabled: true,
      })
      .execute();
    const period = einvoicePeriodOf(new Date());
    await tx
      .insertInto('einvoice_tracks')
      .values(
        [period, nextEInvoicePeriod(period)].map((each, i) => ({
          id: randomUUID(),
          period: each,
          track: i === 0 ? 'ST' : 'SU',
          first_number: 10_000_000,
          last_number: 10_000_999,
          next_number: 10_000_000,
        })),
      )
      .execute();
    await tx
      .insertInto('products')
      .values(products.map((p) => ({ id: p.id, name: p.name, description: `${p.name}, per license` })))
      .execute();
    await tx
      .insertInto('prices')
      .values(
        products.flatMap((p) => [
          {
            product_id: p.id,
            currency: 'TWD' as const,
            billing_frequency: 'monthly' as const,
            unit_amount_minor: p.twd,
          },
          {
            product_id: p.id,
            currency: 'TWD' as const,
            billing_frequency: 'annual' as const,
            unit_amount_minor: p.twd * 12n,
          },
          {
            product_id: p.id,
            currency: 'USD' as const,
            billing_frequency: 'monthly' as const,
            unit_amount_minor: p.usd,
          },
          {
            product_id: p.id,
            currency: 'USD' as const,
            billing_frequency: 'annual' as const,
            unit_amount_minor: p.usd * 12n,
          },
        ]),
      )
      .execute();
  });

  async function organization(spec: {
    name: string;
    currency: CurrencyCode;
    locale: Locale;
    domain: string;
    country: string;
    billingAddress: string;
    taxId: string | null;
  }) {
    const id = randomUUID();
    await db
      .insertInto('organizations')
      .values({
        id,
        name: spec.name,
        currency: spec.currency,
        locale: spec.locale,
        country: spec.country,
        billing_address: spec.billingAddress,
        tax_id: spec.taxId,
      })
      .execute();
    await assignTransferAccounts(db, { organizationIds: [id] });
    await recordOrganizationsCreated(db, [id]);
    return { id, ...spec };
  }
  async function user(
    org: { id: string; name: string; domain: string },
    local: string,
    displayName: string,
    role: Role,
  ) {
    const id = randomUUID();
    const email = `${local}@${org.domain}`;
    await db
      .insertInto('users')
      .values({
        id,
        organization_id: org.id,
        email,
        display_name: displayName,
        password_hash: await nextPasswordHash(),
        role,
        locale: null,
      })
      .execute();
    signIns.push({ email, role, organization: org.name });
    return id;
  }
  /** Cards go through the sandbox tokenizer like any other; an expired one is a valid card that aged. */
  async function card(
    orgId: string,
    ownerId: string,
    number: string,
    name: string,
    exp: { expMonth: number; expYear: number },
  ) {
    const details = await sandbox.tokenizeCard({
      number,
      name,
      cvc: '123',
      expMonth: 12,
      expYear: now.getUTCFullYear() + 3,
    });
    await sandbox.updateCardExpiry(details.token, exp);
    const id = randomUUID();
    await db
      .insertInto('payment_methods')
      .values({
        id,
        organization_id: orgId,
        owner_user_id: ownerId,
        gateway_token: details.token,
        brand: details.brand,
        last4: details.last4,
        exp_month: exp.expMonth,
        exp_year: exp.expYear,
        cardholder_name: name,
      })
      .execute();
    return id;
  }
  async function subscription(spec: {
    org: { id: string; currency: CurrencyCode };
    product: ProductKey;
    licenses: number;
    frequency: BillingFrequency;
    cardId: string;
    unpaidInvoiceDaysAgo?: number[];
  }) {
    const product = products.find((p) => p.key === spec.product);
    if (!product) throw new Error(`no product ${spec.product}`);
    const unit = spec.org.currency === 'TWD' ? product.twd : product.usd;
    const periodAmount = unit * (spec.frequency === 'annual' ? 12n : 1n) * BigInt(spec.licenses);
    const unpaid = spec.unpaidInvoiceDaysAgo ?? [];
    const id = randomUUID();
    const periodStart = unpaid.length ? isoDay(now, -Math.min(...unpaid)) : isoDay(now, -10);
    await withSubscriptionEvents(db, [id], () =>
      db
        .insertInto('subscriptions')
        .values({
          id,
          organization_id: spec.org.id,
          product_id: product.id,
          licenses: spec.licenses,
          billing_frequency: spec.frequency,
          status: unpaid.length ? 'expired' : 'active',
          recurring_billing: true,
          current_period_start: periodStart,
          billing_anchor_day: anchorDayOf(periodStart),
          current_period_end: isoDay(
            new Date(`${periodStart}T00:00:00Z`),
            spec.frequency === 'annual' ? 365 : 30,
          ),
          payment_method_id: spec.cardId,
          past_due_since: unpaid.length ? new Date(now.getTime() - Math.max(...unpaid) * 86_400_000) : null,
        })
        .execute(),
    );
    // Each unpaid invoice bills its own month, back to back ending with the current period: they
    // never overlap, whatever day each was issued.
    const oldestFirst = [...unpaid].sort((a, b) => b - a);
    for (const [index, daysAgo] of oldestFirst.entries()) {
      const monthsBefore = oldestFirst.length - 1 - index;
      const start = isoDay(new Date(`${periodStart}T00:00:00Z`), -30 * monthsBefore);
      await db.transaction().execute(async (tx) =>
        issueInvoice({
          tx,
          organizationId: spec.org.id,
          subscriptionId: id,
          number: await takeDocumentNumber(tx, 'invoice'),
          currency: spec.org.currency,
          amountMinor: periodAmount,
          licenses: spec.licenses,
          unitAmountMinor: periodAmount / BigInt(spec.licenses),
          issuedOn: isoDay(now, -daysAgo),
          dueOn: isoDay(now, -daysAgo),
          periodStart: start,
          periodEnd: isoDay(new Date(`${start}T00:00:00Z`), 30),
        }),
      );
    }
    if (unpaid.length) await failedRenewalCharge(db, sandbox, id, now);
    return id;
  }

  const contoso = await organization({
    name: '康拓科技股份有限公司',
    currency: 'TWD',
    locale: 'zh-TW',
    domain: 'contoso.tw',
    country: 'TW',
    billingAddress: '110 台北市信義區信義路五段 7 號 35 樓',
    // A made-up 統一編號 that passes the checksum.
    taxId: '12345675',
  });
  const mei = await user(contoso, 'mei', '陳美玲', 'global_admin');
  const kevin = await user(contoso, 'kevin', '林志豪', 'billing_admin');
  await user(contoso, 'reader', '王小明', 'global_reader');
  await user(contoso, 'lee', '李小華', 'user');
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const meiCard = await card(contoso.id, mei, '4242424242424242', 'MEI-LING CHEN', {
    expMonth: lastMonth.getUTCMonth() + 1,
    expYear: lastMonth.getUTCFullYear(),
  });
  const kevinCard = await card(contoso.id, kevin, '5555555555554444', 'KEVIN LIN', {
    expMonth: 8,
    expYear: now.getUTCFullYear() + 2,
  });
  await subscription({
    org: contoso,
    product: 'premium',
    licenses: 25,
    frequency: 'monthly',
    cardId: meiCard,
    unpaidInvoiceDaysAgo: [29, 0],
  });
  await subscription({
    org: contoso,
    product: 'phone',
    licenses: 5,
    frequency: 'monthly',
    cardId: meiCard,
    unpaidInvoiceDaysAgo: [3],
  });
  await subscription({
    org: contoso,
    product: 'standard',
    licenses: 10,
    frequency: 'annual',
    cardId: kevinCard,
  });
  await subscription({
    org: contoso,
    product: 'defender',
    licenses: 25,
    frequency: 'monthly',
    cardId: kevinCard,
  });

  const fabrikam = await organization({
    name: 'Fabrikam, Inc.',
    currency: 'USD',
    locale: 'en-US',
    domain: 'fabrikam.com',
    country: 'US',
    billingAddress: '123 Main Street\nSeattle, WA 98101',
    taxId: null,
  });
  const alex = await user(fabrikam, 'alex', 'Alex Johnson', 'global_admin');
  const sam = await user(fabrikam, 'sam', 'Sam Rivera', 'billing_admin');
  await user(fabrikam, 'reader', 'Riley Chen', 'global_reader');
  const alexCard = await card(fabrikam.id, alex, '4000000000009995', 'ALEX JOHNSON', {
    expMonth: 4,
    expYear: now.getUTCFullYear() + 1,
  });
  await card(fabrikam.id, sam, '4242424242424242', 'SAM RIVERA', {
    expMonth: 11,
    expYear: now.getUTCFullYear() + 3,
  });
  await subscription({
    org: fabrikam,
    product: 'premium',
    licenses: 12,
    frequency: 'monthly',
    cardId: alexCard,
    unpaidInvoiceDaysAgo: [27, 3],
  });
  await subscription({
    org: fabrikam,
    product: 'standard',
    licenses: 40,
    frequency: 'annual',
    cardId: alexCard,
  });
  return signIns;
}

/** The renewal attempt that failed and made the balance past due, recorded as the system would. */
async function failedRenewalCharge(
  db: Db,
  sandbox: SandboxGateway,
  subscriptionId: string,
  now: Date,
): Promise<void> {
  const row = await db
    .selectFrom('subscriptions')
    .innerJoin('payment_methods', 'payment_methods.id', 'subscriptions.payment_method_id')
    .select([
      'subscriptions.organization_id',
      'payment_methods.id',
      'gateway_token',
      'brand',
      'last4',
      'exp_month',
      'exp_year',
      'cardholder_name',
    ])
    .where('subscriptions.id', '=', subscriptionId)
    .executeTakeFirstOrThrow();
  const invoice = await db
    .selectFrom('invoices')
    .select(['id', 'amount_minor', 'currency', 'issued_on'])
    .where('subscription_id', '=', subscriptionId)
    .orderBy('issued_on', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const paymentId = randomUUID();
  await db
    .insertInto('payments')
    .values({
      id: paymentId,
      organization_id: row.organization_id,
      subscription_id: subscriptionId,
      payment_method_id: row.id,
      gateway_token: row.gateway_token,
      card_brand: row.brand,
      card_last4: row.last4,
      card_exp_month: row.exp_month,
      card_exp_year: row.exp_year,
      cardholder_name: row.cardholder_name,
      amount_minor: invoice.amount_minor,
      currency: invoice.currency,
      status: 'pending',
      failure_code: null,
      gateway_charge_id: null,
      created_by_user_id: null,
      // An hour into the invoice's day, as the renewal job would, but never after the seed's own clock:
      // an invoice issued today before 01:00 UTC would otherwise leave a payment in the future that
      // outranks every later one as the "latest".
      created_at: new Date(Math.min(Date.parse(`${invoice.issued_on}T01:00:00Z`), now.getTime())),
    })
    .execute();
  await db
    .insertInto('payment_invoices')
    .values({ payment_id: paymentId, invoice_id: invoice.id, amount_minor: invoice.amount_minor })
    .execute();
  const outcome = await createAndConfirm(sandbox, {
    idempotencyKey: paymentId,
    token: row.gateway_token,
    amountMinor: invoice.amount_minor,
    currency: invoice.currency,
    offSession: true,
  });
  if (outcome.status !== 'failed') throw new Error('demo renewal was meant to be declined');
  await recordPaymentOutcome({
    db,
    paymentId,
    outcome: { status: 'failed', failureCode: outcome.declineCode },
    actorUserId: null,
    now,
  });
}
