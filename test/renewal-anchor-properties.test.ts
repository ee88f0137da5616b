import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/run-billing.js';
import type { Db } from '../src/db/connect.js';
import { type CurrencyCode, supportedCurrencies } from '../src/domain/money.js';
import { quoteRenewal } from '../src/domain/pricing.js';
import { SandboxGateway } from '../src/gateway/sandbox/sandbox-gateway.js';
import { createSubscription } from '../src/subscriptions/create-subscription.js';
import { createTestDb } from './harness.js';

// A sale on the 28th to the 31st, renewed by the billing run for a year and more: every renewal
// invoice costs what quoteRenewal says (the rule a sale and a preview use), and every period ends on
// the day the subscription started, or on the month's last day when that month is shorter. Before
// the anchor, a subscription started on the 31st renewed on the 28th for good after February.

let db: Db;
let drop: () => Promise<void>;
const caller = { id: 'key', name: 'property', scope: 'read_write' as const };

beforeAll(async () => {
  ({ db, drop } = await createTestDb());
});
afterAll(() => drop());

const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

describe('renewals: one price rule and a billing anchor', () => {
  it('across currencies, tax rates, frequencies and start days 28–31', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          currency: fc.constantFrom(...supportedCurrencies),
          taxRateBp: fc.integer({ min: 0, max: 2_500 }),
          licenses: fc.integer({ min: 1, max: 500 }),
          unitSteps: fc.integer({ min: 1, max: 99_999 }),
          frequency: fc.constantFrom('monthly' as const, 'annual' as const),
          startDay: fc.integer({ min: 28, max: 31 }),
          startMonth: fc.integer({ min: 1, max: 12 }),
          startYear: fc.constantFrom(2027, 2028),
        }),
        async (sale) => {
          const startDay = Math.min(sale.startDay, lastDayOf(sale.startYear, sale.startMonth));
          const startOn = `${sale.startYear}-${String(sale.startMonth).padStart(2, '0')}-${String(startDay).padStart(2, '0')}`;
          // TWD is billed in whole dollars: its prices are whole steps of 100 minor units.
          const unitAmountMinor = BigInt(sale.unitSteps) * (sale.currency === 'TWD' ? 100n : 1n);
          const { organizationId, priceId } = await catalogue(
            sale.currency,
            sale.taxRateBp,
            sale.frequency,
            unitAmountMinor,
          );
          const now = new Date(`${startOn}T08:00:00Z`);
          const { subscriptionId } = await createSubscription({
            db,
            gateway: new SandboxGateway(db, () => now),
            caller,
            organizationId,
            priceId,
            licenses: sale.licenses,
            startOn,
            now,
          });
          const renewals = sale.frequency === 'monthly' ? 14 : 3;
          for (let run = 0; run < renewals; run++) {
            const { current_period_end } = await db
              .selectFrom('subscriptions')
              .select('current_period_end')
              .where('id', '=', subscriptionId)
              .executeTakeFirstOrThrow();
            const at = new Date(`${current_period_end}T08:00:00Z`);
            await runBilling({ db, gateway: new SandboxGateway(db, () => at), now: at, charge: false });
          }
          const invoices = await db
            .selectFrom('invoices')
            .select(['period_start', 'period_end', 'amount_minor', 'tax_minor'])
            .where('subscription_id', '=', subscriptionId)
            .orderBy('period_start')
            .execute();
          expect(invoices).toHaveLength(renewals + 1);
          const quote = quoteRenewal({
            unitAmountMinor,
            licenses: sale.licenses,
            taxRateBp: sale.taxRateBp,
            currency: sale.currency,
          });
          let expectedStart = startOn;
          for (const invoice of invoices) {
            expect(invoice.period_start).toBe(expectedStart);
            const [year, month] = invoice.period_end.split('-').map(Number) as [number, number];
            expect(Number(invoice.period_end.slice(8))).toBe(Math.min(startDay, lastDayOf(year, month)));
            expect(BigInt(invoice.amount_minor)).toBe(quote.totalMinor);
            expect(BigInt(invoice.tax_minor)).toBe(quote.taxMinor);
            expectedStart = invoice.period_end;
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});

async function catalogue(
  currency: CurrencyCode,
  taxRateBp: number,
  frequency: 'monthly' | 'annual',
  unitAmountMinor: bigint,
): Promise<{ organizationId: string; priceId: string }> {
  const organizationId = randomUUID();
  const productId = randomUUID();
  const priceId = randomUUID();
  await db
    .insertInto('organizations')
    .values({
      id: organizationId,
      name: 'Anchor',
      currency,
      locale: 'en-US',
      tax_rate_bp: taxRateBp,
      collection_method: 'send_invoice',
      days_until_due: 30,
    })
    .execute();
  await db
    .insertInto('products')
    .values({ id: productId, name: 'Plan', name_zh_tw: null, description: '', archived_at: null })
    .execute();
  await db
    .insertInto('prices')
    .values({
      id: priceId,
      product_id: productId,
      currency,
      billing_frequency: frequency,
      unit_amount_minor: unitAmountMinor,
      archived_at: null,
    })
    .execute();
  return { organizationId, priceId };
}
