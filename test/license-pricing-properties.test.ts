import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/run-billing.js';
import { taxOf } from '../src/domain/pricing.js';
import { startTestApp } from './harness.js';

// Contoso Defender for Business: NT$99 a license a month, NT$1,188 a year; 25 licenses, monthly, active.
const defender = 'Contoso Defender for Business';
const unitPriceMinor = { monthly: 9_900n, annual: 118_800n } as const;

type Step =
  | { kind: 'frequency'; billingFrequency: 'monthly' | 'annual' }
  | { kind: 'recurring'; recurringBilling: boolean }
  | { kind: 'licenses'; delta: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('frequency' as const),
    billingFrequency: fc.constantFrom('monthly' as const, 'annual' as const),
  }),
  fc.record({ kind: fc.constant('recurring' as const), recurringBilling: fc.boolean() }),
  fc.record({ kind: fc.constant('licenses' as const), delta: fc.integer({ min: -3, max: 5 }) }),
);

describe('license changes after frequency and recurring-billing changes', () => {
  it('charge now what the current period’s price says, and renew for exactly what the preview said', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        const t = await startTestApp();
        try {
          const kevin = await t.signIn('kevin@contoso.tw');
          const list = (await kevin.get('/api/subscriptions')).body.items;
          const { id } = list.find((s: { productName: string }) => s.productName === defender);
          const row = await t.db
            .selectFrom('subscriptions')
            .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
            .select(['current_period_start', 'current_period_end', 'tax_rate_bp', 'licenses'])
            .where('subscriptions.id', '=', id)
            .executeTakeFirstOrThrow();
          const daysInPeriod = Math.round(
            (Date.parse(row.current_period_end) - Date.parse(row.current_period_start)) / 86_400_000,
          );
          // No renewal happens during the steps: the whole sequence is in the period billed monthly.
          const periodUnitMinor = unitPriceMinor.monthly;
          let licenses = row.licenses;
          for (const s of steps) {
            if (s.kind === 'licenses') {
              const target = Math.max(1, licenses + s.delta);
              const sent = await kevin.send('PUT', `/api/subscriptions/${id}/licenses`, { licenses: target });
              expect(sent.status).toBe(200);
              const added = BigInt(Math.max(0, target - licenses));
              const eachMinor =
                (periodUnitMinor * BigInt(sent.body.daysLeft) * 2n + BigInt(daysInPeriod)) /
                (2n * BigInt(daysInPeriod));
              const subtotal = added * eachMinor;
              expect(BigInt(sent.body.prorationTotalMinor)).toBe(
                subtotal + taxOf(subtotal, row.tax_rate_bp, 'TWD'),
              );
              licenses = target;
            } else {
              const current = (await kevin.get(`/api/subscriptions/${id}`)).body;
              const body = {
                billingFrequency: s.kind === 'frequency' ? s.billingFrequency : current.billingFrequency,
                recurringBilling: s.kind === 'recurring' ? s.recurringBilling : current.recurringBilling,
              };
              expect((await kevin.send('PATCH', `/api/subscriptions/${id}`, body)).status).toBe(200);
            }
          }
          const preview = (await kevin.get(`/api/subscriptions/${id}/renewal`)).body;
          const current = (await kevin.get(`/api/subscriptions/${id}`)).body;
          await runBilling({
            db: t.db,
            gateway: t.gateway,
            now: new Date(`${row.current_period_end}T06:00:00Z`),
          });
          const renewal = await t.db
            .selectFrom('invoices')
            .select(['amount_minor', 'licenses', 'unit_amount_minor', 'period_end'])
            .where('subscription_id', '=', id)
            .where('kind', '=', 'renewal')
            .executeTakeFirst();
          if (!current.recurringBilling) {
            expect(renewal).toBeUndefined();
          } else {
            expect(renewal?.licenses).toBe(licenses);
            expect(renewal?.unit_amount_minor).toBe(
              unitPriceMinor[current.billingFrequency as 'monthly' | 'annual'],
            );
            expect(Number(renewal?.amount_minor)).toBe(preview.totalMinor);
            expect(renewal?.period_end).toBe(preview.periodEnd);
          }
          expect(await t.ledgerProblems()).toEqual([]);
        } finally {
          await t.close();
        }
      }),
      {
        numRuns: 8,
        // The sequence that once charged twelve times too much always runs first.
        examples: [
          [
            [
              { kind: 'frequency', billingFrequency: 'annual' },
              { kind: 'licenses', delta: 3 },
            ],
          ],
        ],
      },
    );
  }, 180_000);
});
