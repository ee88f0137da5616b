import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Db } from '../src/db/connect.js';
import { SandboxGateway } from '../src/gateway/sandbox/sandbox-gateway.js';
import { checkLedger } from '../src/ledger/check-ledger.js';
import { reconcilePayments } from '../src/payments/reconcile-payments.js';
import { createTestDb, seededDataDir } from './harness.js';
import { type ServerProcess, signInOver, startServerProcess } from './server-process.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A database the server processes and this test can take turns on: PostgreSQL, or a PGlite folder. */
async function crashableDatabase(): Promise<{
  target: { databaseUrl?: string; dataDir?: string };
  open: () => Promise<Db>;
}> {
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDb({ demo: true });
    cleanups.push(database.drop);
    return { target: { databaseUrl: database.url }, open: async () => database.db };
  }
  const dataDir = await seededDataDir();
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  return {
    target: { dataDir },
    open: async () => {
      const db = connect({ dataDir });
      cleanups.push(() => db.destroy());
      return db;
    },
  };
}

async function waitFor(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('kill -9 in the middle of a settlement, then restart', () => {
  it.each([
    ['after the payment is recorded pending, before the processor charges', 'latency:4000', false],
    ['after the processor charged, before the outcome is written', 'latency_after_charge:4000', true],
  ])(
    '%s: no double charge, no lost payment',
    async (_moment, fault, charged) => {
      const database = await crashableDatabase();
      let server: ServerProcess = await startServerProcess({
        ...database.target,
        env: { SETTLE_SANDBOX_FAULT: fault },
      });
      cleanups.push(() => server.stop());
      const kevin = await signInOver(server.url, 'kevin@contoso.tw');
      const list = await kevin.call('GET', '/api/subscriptions');
      const premium = list.body.items.find((item: { productName: string }) =>
        item.productName.endsWith('Premium'),
      );
      const cards = (await kevin.call('GET', '/api/payment-methods')).body as {
        id: string;
        ownedByMe: boolean;
      }[];
      const body = {
        expectedAmountMinor: premium.amountDueMinor,
        card: { kind: 'existing', paymentMethodId: cards.find((c) => c.ownedByMe)?.id },
      };

      const inFlight = kevin
        .call('POST', `/api/subscriptions/${premium.id}/settle`, body, { 'idempotency-key': 'crash-key-1' })
        .catch(() => null);
      await waitFor(
        async () => (await kevin.call('GET', `/api/subscriptions/${premium.id}`)).body.paymentInProgress,
        'the pending payment',
      );
      // Killed inside the processor's slow call: before it charged (the confirm is still on its way),
      // or after it charged and before the reply came back (its own record says so).
      if (charged)
        await waitFor(
          async () => server.output().includes('sandbox processor answered a confirm'),
          'the processor’s charge',
        );
      await server.kill();
      expect(await inFlight).toBeNull();

      server = await startServerProcess({ ...database.target });
      // A restart on existing data is no demo being created: the demo password is not printed.
      expect(server.output()).not.toContain('settle-demo');
      const after = await kevin.call('GET', `/api/subscriptions/${premium.id}`, undefined, {}, server.url);
      if (charged) {
        // Start-up reconciliation asked the processor by the payment's key and found the money.
        expect(after.body).toMatchObject({ status: 'active', amountDueMinor: 0, paymentInProgress: false });
      } else {
        // The processor never saw it; until its deadline passes nobody may charge this balance again.
        expect(after.body).toMatchObject({ paymentInProgress: true, amountDueMinor: premium.amountDueMinor });
        const sameKey = await kevin.call(
          'POST',
          `/api/subscriptions/${premium.id}/settle`,
          body,
          { 'idempotency-key': 'crash-key-1' },
          server.url,
        );
        expect(sameKey.body.code).toBe('idempotency_key_in_use');
        const newKey = await kevin.call(
          'POST',
          `/api/subscriptions/${premium.id}/settle`,
          body,
          { 'idempotency-key': 'crash-key-2' },
          server.url,
        );
        expect(newKey.body.code).toBe('payment_in_progress');
      }
      await server.stop();

      const db = await database.open();
      const gateway = new SandboxGateway(db);
      await reconcilePayments({ db, gateway, now: new Date(Date.now() + 10 * 60_000), everyInFlight: true });
      const payments = await db
        .selectFrom('payments')
        .select(['status', 'failure_code'])
        .where('subscription_id', '=', premium.id)
        .execute();
      expect(payments.filter((p) => p.status === 'pending' || p.status === 'unknown')).toEqual([]);
      expect(await gateway.succeededCharges()).toHaveLength(charged ? 1 : 0);
      if (!charged) expect(payments).toContainEqual({ status: 'failed', failure_code: 'not_charged' });
      expect(await checkLedger({ db, gatewayCharges: await gateway.succeededCharges() })).toEqual([]);
    },
    120_000,
  );
});
