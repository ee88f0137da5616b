import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/actor.js';
import { issueInvoice } from '../src/billing/issue-invoice.js';
import type { Db } from '../src/db/connect.js';
import { AppError } from '../src/domain/errors.js';
import type { PaymentGateway } from '../src/gateway/payment-gateway.js';
import { SandboxGateway } from '../src/gateway/sandbox/sandbox-gateway.js';
import { checkLedger } from '../src/ledger/check-ledger.js';
import { outstandingBySubscription } from '../src/ledger/outstanding-balance.js';
import { reconcilePayments } from '../src/payments/reconcile-payments.js';
import { settleBalance } from '../src/payments/settle-balance.js';
import { createTestDb } from './harness.js';

class SimulatedCrash extends Error {}

/** The process "dies" just before or just after the processor charges: the payment stays pending. */
function crashingGateway(inner: SandboxGateway, when: 'before' | 'after'): PaymentGateway {
  return {
    name: inner.name,
    capabilities: inner.capabilities,
    browserOrigins: inner.browserOrigins,
    prepareCardCollection: () => inner.prepareCardCollection(),
    readWebhook: () => inner.readWebhook(),
    getCard: (token) => inner.getCard(token),
    updateCardExpiry: (token, expiry) => inner.updateCardExpiry(token, expiry),
    createIntent: (request) => inner.createIntent(request),
    cancelIntent: (key) => inner.cancelIntent(key),
    lookupIntent: (key) => inner.lookupIntent(key),
    refund: (request) => inner.refund(request),
    findCharges: (keys) => inner.findCharges(keys),
    confirmIntent: async (key) => {
      if (when === 'before') throw new SimulatedCrash();
      await inner.confirmIntent(key);
      throw new SimulatedCrash();
    },
  };
}

const cardNumbers = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  insufficient: '4000000000009995',
  replyLost: '4000000000007775',
} as const;

type Operation =
  | { kind: 'invoice'; subscription: number; amountMinor: number }
  | {
      kind: 'settle';
      subscription: number;
      card: keyof typeof cardNumbers;
      fault: 'none' | 'timeout' | 'crash_before' | 'crash_after';
    }
  | { kind: 'double_click'; subscription: number }
  | { kind: 'reconcile'; minutesLater: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('invoice' as const),
    subscription: fc.nat(1),
    amountMinor: fc.integer({ min: 1, max: 50_000_000 }),
  }),
  fc.record({
    kind: fc.constant('settle' as const),
    subscription: fc.nat(1),
    card: fc.constantFrom(...(Object.keys(cardNumbers) as (keyof typeof cardNumbers)[])),
    fault: fc.constantFrom(
      'none' as const,
      'timeout' as const,
      'crash_before' as const,
      'crash_after' as const,
    ),
  }),
  fc.record({ kind: fc.constant('double_click' as const), subscription: fc.nat(1) }),
  fc.record({ kind: fc.constant('reconcile' as const), minutesLater: fc.constantFrom(0, 1, 10) }),
);

let db: Db;
let drop: () => Promise<void>;
let gateway: SandboxGateway;
beforeAll(async () => {
  ({ db, drop } = await createTestDb());
  gateway = new SandboxGateway(db);
  await db.insertInto('products').values({ id: 'p', name: 'Suite', description: 'd' }).execute();
  // Every subscription renews at a price of the catalogue (invoices here are made by the runs themselves).
  await db
    .insertInto('prices')
    .values({ product_id: 'p', currency: 'USD', billing_frequency: 'monthly', unit_amount_minor: 1000n })
    .execute();
});
afterAll(async () => {
  // What the runs exercised, so a generator that stops reaching the risky paths is noticed.
  const outcomes = await db
    .selectFrom('payments')
    .select(['status', 'failure_code', db.fn.countAll<string>().as('count')])
    .groupBy(['status', 'failure_code'])
    .execute();
  console.log(
    'payment outcomes across runs:',
    outcomes.map((o) => `${o.status}${o.failure_code ? `/${o.failure_code}` : ''}: ${o.count}`).join(', '),
  );
  await drop();
});

/** A fresh organization per run, with two subscriptions and an admin. */
async function newOrganization(): Promise<{ actor: Actor; subscriptionIds: string[] }> {
  const organizationId = randomUUID();
  const userId = randomUUID();
  await db
    .insertInto('organizations')
    .values({ id: organizationId, name: 'Prop', currency: 'USD', locale: 'en-US' })
    .execute();
  await db
    .insertInto('users')
    .values({
      id: userId,
      organization_id: organizationId,
      email: `${userId}@prop.test`,
      display_name: 'A',
      password_hash: 'x',
      role: 'global_admin',
    })
    .execute();
  const subscriptionIds = [randomUUID(), randomUUID()];
  await db
    .insertInto('subscriptions')
    .values(
      subscriptionIds.map((id) => ({
        id,
        organization_id: organizationId,
        product_id: 'p',
        licenses: 1,
        billing_frequency: 'monthly' as const,
        status: 'expired' as const,
        recurring_billing: true,
        current_period_start: '2026-11-01',
        billing_anchor_day: 1,
        current_period_end: '2026-12-01',
        payment_method_id: null,
        past_due_since: null,
      })),
    )
    .execute();
  const actor: Actor = {
    userId,
    organizationId,
    role: 'global_admin',
    savedLocale: 'en-US',
    organizationLocale: 'en-US',
    displayName: 'A',
    email: '',
  };
  return { actor, subscriptionIds };
}

const acceptableRefusals = new Set([
  'nothing_to_settle',
  'payment_in_progress',
  'card_declined',
  'insufficient_funds',
]);

describe('any sequence of invoices, payments, declines, timeouts and crashes', () => {
  it('keeps the ledger sound and the processor’s charges equal to the recorded payments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 14 }), async (generated) => {
        const { actor, subscriptionIds } = await newOrganization();
        const tokens = new Set<string>();
        let invoiceNumber = 0;
        // Every run starts with something owed, so settlements have money to move.
        const opening: Operation[] = [
          { kind: 'invoice', subscription: 0, amountMinor: 12_345 },
          { kind: 'invoice', subscription: 1, amountMinor: 99_000 },
        ];
        for (const op of [...opening, ...generated]) {
          const subscriptionId = subscriptionIds[op.kind === 'reconcile' ? 0 : op.subscription] as string;
          if (op.kind === 'invoice') {
            await db.transaction().execute((tx) =>
              issueInvoice({
                tx,
                organizationId: actor.organizationId,
                subscriptionId,
                number: `${actor.organizationId}-${invoiceNumber++}`,
                currency: 'USD',
                amountMinor: BigInt(op.amountMinor),
                issuedOn: '2026-11-01',
                dueOn: '2026-11-01',
                // Each invoice covers a period of its own, as the one-invoice-per-period rule requires.
                periodStart: new Date(Date.UTC(2020, 0, 1 + invoiceNumber)).toISOString().slice(0, 10),
                periodEnd: '2026-11-30',
              }),
            );
          } else if (op.kind === 'reconcile') {
            await reconcilePayments({ db, gateway, now: new Date(Date.now() + op.minutesLater * 60_000) });
          } else {
            const balance =
              (
                await outstandingBySubscription({
                  db,
                  organizationId: actor.organizationId,
                  subscriptionIds: [subscriptionId],
                })
              ).get(subscriptionId) ?? 0n;
            const card = await gateway.tokenizeCard({
              number: cardNumbers[op.kind === 'settle' ? op.card : 'succeeds'],
              expMonth: 12,
              expYear: 2035,
              cvc: '123',
              name: 'P',
            });
            tokens.add(card.token);
            const fault = op.kind === 'settle' ? op.fault : 'none';
            if (fault === 'timeout') gateway.injectFault({ kind: 'timeout_before_charge' });
            const via =
              fault === 'crash_before'
                ? crashingGateway(gateway, 'before')
                : fault === 'crash_after'
                  ? crashingGateway(gateway, 'after')
                  : gateway;
            const attempt = () =>
              settleBalance({
                db,
                gateway: via,
                actor,
                subscriptionId,
                card: { kind: 'new', token: card.token },
                expectedAmountMinor: balance > 0n ? balance : 1n,
              });
            const attempts = op.kind === 'double_click' ? [attempt(), attempt()] : [attempt()];
            for (const result of await Promise.allSettled(attempts)) {
              if (result.status === 'fulfilled') continue;
              const error = result.reason;
              if (error instanceof SimulatedCrash) continue;
              if (
                error instanceof AppError &&
                (acceptableRefusals.has(error.code) || (error.code === 'balance_changed' && balance === 0n))
              )
                continue;
              throw error;
            }
          }
        }
        // Time passes and reconciliation has the last word on every payment in flight.
        await reconcilePayments({
          db,
          gateway,
          now: new Date(Date.now() + 60 * 60_000),
          everyInFlight: true,
        });
        const inFlight = await db
          .selectFrom('payments')
          .select('id')
          .where('status', 'in', ['pending', 'unknown'])
          .execute();
        expect(inFlight).toEqual([]);
        const charges = (await gateway.succeededCharges()).filter((charge) => tokens.has(charge.token));
        expect(
          await checkLedger({ db, organizationId: actor.organizationId, gatewayCharges: charges }),
        ).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
  }, 300_000);
});
