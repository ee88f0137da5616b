import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInvoice } from '../../src/billing/issue-invoice.js';
import { checkLedger } from '../../src/ledger/check-ledger.js';
import { createTestDb, waitFor } from '../harness.js';
import { type ServerProcess, signInOver, startServerProcess } from '../server-process.js';
import type { ProcessorFault, ProcessorUnderTest } from './processors-under-test.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

// Short deadlines so a case takes seconds: an outcome is unknown after 1 s, and reconciliation
// cancels a never-confirmed intent at the processor after 4 s.
const fast = { SETTLE_CHARGE_DEADLINE_MS: '1000', SETTLE_RECONCILE_EVERY_MS: '300' };

interface FaultCase {
  name: string;
  /** A server process dies, or the processor misbehaves: each half is a file of its own, run side by side. */
  half: FaultHalf;
  /** The faulty server's settings: a fault point that kills it. */
  env?: Record<string, string>;
  /** What its processor does to the charge. */
  processorFault?: ProcessorFault;
  /** What the test waits for before a healthy server takes over. */
  effect: 'it dies' | 'answer' | 'kill when pending' | 'answer, then the late confirm';
  /** The healthy server that takes over first dies in its reconciliation, and is started again. */
  reconcilerDiesOnce?: boolean;
}

export type FaultHalf = 'process deaths' | 'processor faults';

const allCases: FaultCase[] = [
  {
    name: 'kill -9 before the payment is recorded',
    half: 'process deaths',
    env: { SETTLE_FAULT_POINT: 'before_pending:kill' },
    effect: 'it dies',
  },
  {
    name: 'kill -9 after pending, before the processor call',
    half: 'process deaths',
    env: { SETTLE_FAULT_POINT: 'after_pending:kill' },
    effect: 'it dies',
  },
  {
    name: 'kill -9 during the processor call',
    half: 'process deaths',
    processorFault: { kind: 'latency', ms: 5000 },
    effect: 'kill when pending',
  },
  {
    name: 'kill -9 after the charge, before the outcome',
    half: 'process deaths',
    env: { SETTLE_FAULT_POINT: 'after_charge:kill' },
    effect: 'it dies',
  },
  {
    name: 'kill -9 during reconciliation',
    half: 'process deaths',
    processorFault: { kind: 'reply_lost' },
    effect: 'answer',
    reconcilerDiesOnce: true,
  },
  {
    name: 'timeout before the processor charges',
    half: 'processor faults',
    processorFault: { kind: 'timeout' },
    effect: 'answer',
  },
  {
    name: 'processor 5xx',
    half: 'processor faults',
    processorFault: { kind: 'server_error' },
    effect: 'answer',
  },
  {
    name: 'reply lost after the charge',
    half: 'processor faults',
    processorFault: { kind: 'reply_lost' },
    effect: 'answer',
  },
  {
    name: 'processor answers after the deadline, before reconciliation',
    half: 'processor faults',
    processorFault: { kind: 'latency', ms: 2500 },
    effect: 'answer, then the late confirm',
  },
  {
    name: 'processor answers after reconciliation canceled the intent',
    half: 'processor faults',
    processorFault: { kind: 'latency', ms: 12000 },
    effect: 'answer, then the late confirm',
  },
];

/**
 * Every step of the settle path × every kind of fault, with two server processes on one PostgreSQL:
 * a faulty one and a healthy one that takes over (and must always start), charging through the given
 * processor (the sandbox, or a fake of Stripe's or TapPay's API). PGlite is one process.
 */
export function faultSuite(processor: ProcessorUnderTest, half: FaultHalf): void {
  const cases = allCases.filter((c) => c.half === half);
  describe.runIf(onPostgres)(
    `${half} on the settle path through ${processor.name}, two processes (PostgreSQL only)`,
    () => {
      let database: Awaited<ReturnType<typeof createTestDb>>;
      const running: ServerProcess[] = [];
      let cookie = '';
      let cardId = '';
      let organizationId = '';
      const subscriptionIds: string[] = [];

      const start = async (env: Record<string, string>) => {
        const server = await startServerProcess({
          databaseUrl: database.url,
          env: { ...fast, ...processor.env(), ...env },
        });
        running.push(server);
        return server;
      };

      beforeAll(async () => {
        await processor.start();
        // A copy of the run's demo template, seeded on the sandbox (its cards are the sandbox's); then
        // Kevin adds a card the processor under test can charge.
        database = await createTestDb({ demo: true });
        const adder = await start({});
        cookie = (await signInOver(adder.url, 'kevin@contoso.tw')).cookie;
        cardId = await processor.addCard((method, path, body) => call(adder.url, method, path, body));
        await adder.stop();
        // One past-due subscription per case, each owing one invoice of NT$1,000.
        const template = await database.db
          .selectFrom('subscriptions')
          .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
          .select(['subscriptions.organization_id', 'subscriptions.product_id'])
          .where('organizations.currency', '=', 'TWD')
          .executeTakeFirstOrThrow();
        organizationId = template.organization_id;
        for (const [index] of cases.entries()) {
          const id = randomUUID();
          subscriptionIds.push(id);
          await database.db.transaction().execute(async (tx) => {
            await tx
              .insertInto('subscriptions')
              .values({
                id,
                organization_id: template.organization_id,
                product_id: template.product_id,
                licenses: 1,
                billing_frequency: 'monthly',
                status: 'expired',
                recurring_billing: true,
                current_period_start: '2026-01-01',
                billing_anchor_day: 1,
                current_period_end: '2099-01-01',
                payment_method_id: cardId,
                past_due_since: new Date(),
              })
              .execute();
            await issueInvoice({
              tx,
              organizationId: template.organization_id,
              subscriptionId: id,
              number: `INV-FAULT-${index}`,
              currency: 'TWD',
              amountMinor: 100_000n,
              issuedOn: '2026-01-01',
              dueOn: '2026-01-01',
              periodStart: '2026-01-01',
              periodEnd: '2026-01-31',
            });
          });
        }
      }, 120_000);

      afterAll(async () => {
        await Promise.all(running.map((server) => server.kill()));
        await database?.drop();
        await processor.stop();
      });

      const call = async (base: string, method: string, path: string, body?: unknown) => {
        const reply = await fetch(`${base}${path}`, {
          method,
          headers: {
            cookie,
            'idempotency-key': `fault-${randomUUID()}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await reply.text();
        return { status: reply.status, body: text ? JSON.parse(text) : null };
      };

      const paymentsOf = (subscriptionId: string) =>
        database.db
          .selectFrom('payments')
          .select(['id', 'status', 'failure_code'])
          .where('subscription_id', '=', subscriptionId)
          .execute();

      it.each(cases.map((c, index) => [c.name, c, index] as const))(
        '%s: one charge for the balance, nothing left in flight, the ledger clean, the server restarts',
        async (_name, fault, index) => {
          const subscriptionId = subscriptionIds[index] ?? '';
          const settle = {
            expectedAmountMinor: 100_000,
            card: { kind: 'existing', paymentMethodId: cardId },
          };
          // The faulty process does not reconcile on its own: the healthy one takes over.
          const faulty = await start({
            SETTLE_RECONCILE_EVERY_MS: '86400000',
            ...fault.env,
            ...(fault.processorFault ? processor.fault(fault.processorFault) : {}),
          });
          const first = call(faulty.url, 'POST', `/api/subscriptions/${subscriptionId}/settle`, settle).catch(
            () => null,
          );

          if (fault.effect === 'it dies') {
            await faulty.exited;
            expect(await first).toBeNull();
          } else if (fault.effect === 'kill when pending') {
            // Killed once its charge is on its way to the processor (which may still act on it).
            await waitFor(
              async () =>
                (await paymentsOf(subscriptionId)).some((p) => p.status === 'pending') &&
                processor.chargeArrived(),
            );
            await faulty.kill();
            expect(await first).toBeNull();
          } else {
            // The deadline passed or the reply was lost: the admin is told the outcome is not known yet.
            expect((await first)?.status).toBe(202);
          }

          if (fault.reconcilerDiesOnce) {
            const dying = await start({ SETTLE_FAULT_POINT: 'during_reconcile:kill' }).catch(() => null);
            if (dying) await dying.exited;
            expect((await paymentsOf(subscriptionId)).some((p) => p.status === 'unknown')).toBe(true);
          }
          // The healthy process always starts, whatever the other left behind, and reconciles.
          const healthy = await start({});
          await waitFor(
            async () =>
              (await paymentsOf(subscriptionId)).every(
                (p) => p.status !== 'pending' && p.status !== 'unknown',
              ),
            processor.settleWithinMs,
          );
          if (fault.effect === 'answer, then the late confirm')
            await waitFor(async () => processor.lateConfirmArrived(faulty), processor.settleWithinMs);

          // The admin tries again until the balance is settled (or finds it already was).
          let again = await call(healthy.url, 'POST', `/api/subscriptions/${subscriptionId}/settle`, settle);
          while (again.status === 409 && again.body.code === 'payment_in_progress') {
            await waitFor(async () =>
              (await paymentsOf(subscriptionId)).every((p) => p.status !== 'pending'),
            );
            again = await call(healthy.url, 'POST', `/api/subscriptions/${subscriptionId}/settle`, settle);
          }
          expect([200, 409]).toContain(again.status);
          if (again.status === 409) expect(again.body.code).toBe('nothing_to_settle');

          const paymentIds = new Set((await paymentsOf(subscriptionId)).map((p) => p.id));
          const charges = await processor.chargesOf(database.db, paymentIds);
          expect(charges.map((c) => c.amountMinor)).toEqual([100_000n]);
          expect(
            (await paymentsOf(subscriptionId)).filter(
              (p) => p.status === 'pending' || p.status === 'unknown',
            ),
          ).toEqual([]);
          const subscription = await database.db
            .selectFrom('subscriptions')
            .select('status')
            .where('id', '=', subscriptionId)
            .executeTakeFirstOrThrow();
          expect(subscription.status).toBe('active');
          expect(
            await checkLedger({
              db: database.db,
              organizationId,
              gatewayCharges: await gatewayChargesOf(organizationId),
            }),
          ).toEqual([]);
          await Promise.all([healthy.stop(), faulty.kill()]);
        },
        processor.settleWithinMs + 60_000,
      );

      /** The processor's charges for one organization's payments, as check:ledger compares them. */
      async function gatewayChargesOf(orgId: string) {
        const ids = new Set(
          (
            await database.db
              .selectFrom('payments')
              .select('id')
              .where('organization_id', '=', orgId)
              .execute()
          ).map((p) => p.id),
        );
        return processor.chargesOf(database.db, ids);
      }

      it('left nothing in flight anywhere', async () => {
        const left = await database.db
          .selectFrom('payments')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('status', 'in', ['pending', 'unknown', 'requires_action'])
          .executeTakeFirstOrThrow();
        expect(left.n).toBe(0);
      });
    },
  );
}
