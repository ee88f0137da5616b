import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../src/ledger/check-ledger.js';
import { createTestDb } from './harness.js';
import { type ServerProcess, signInOver, startServerProcess } from './server-process.js';
import { stripeUnderTest, tapPayUnderTest } from './support/processors-under-test.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

// The two-process settle test of test/multi-process.test.ts, through each real processor's adapter
// against its fake: two servers on one PostgreSQL, 50 settlements of one balance at once.
for (const processor of [stripeUnderTest(), tapPayUnderTest()]) {
  describe.runIf(onPostgres)(
    `two server processes charging through ${processor.name} (PostgreSQL only)`,
    () => {
      let database: Awaited<ReturnType<typeof createTestDb>>;
      let servers: ServerProcess[] = [];
      beforeAll(async () => {
        await processor.start();
        // A copy of the demo template, seeded on the sandbox (its cards are the sandbox's); the two
        // servers then charge through the processor under test.
        database = await createTestDb({ demo: true });
        servers = await Promise.all([
          startServerProcess({ databaseUrl: database.url, env: processor.env() }),
          startServerProcess({ databaseUrl: database.url, env: processor.env() }),
        ]);
      }, 120_000);
      afterAll(async () => {
        await Promise.all(servers.map((server) => server.stop()));
        await database?.drop();
        await processor.stop();
      });

      it('50 concurrent settlements of one balance, mixed keys, across both servers: exactly one charge', async () => {
        const [a, b] = servers as [ServerProcess, ServerProcess];
        const kevin = await signInOver(a.url, 'kevin@contoso.tw');
        const mei = await signInOver(b.url, 'mei@contoso.tw');
        const cardId = await processor.addCard((method, path, body) =>
          kevin.call(method, path, body, { 'idempotency-key': `card-${randomUUID()}` }),
        );
        const list = await kevin.call('GET', '/api/subscriptions');
        const premium = list.body.items.find((item: { productName: string }) =>
          item.productName.endsWith('Premium'),
        );
        const body = {
          expectedAmountMinor: premium.amountDueMinor,
          card: { kind: 'existing', paymentMethodId: cardId },
        };
        const responses = await Promise.all(
          Array.from({ length: 50 }, (_, i) => {
            const client = i % 2 ? mei : kevin;
            const base = i % 3 ? a.url : b.url;
            const key = i < 25 ? `shared-${i % 5}-${client === mei ? 'mei' : 'kevin'}` : `unique-${i}`;
            return client.call(
              'POST',
              `/api/subscriptions/${premium.id}/settle`,
              body,
              { 'idempotency-key': key },
              base,
            );
          }),
        );
        const paid = new Set(responses.filter((r) => r.status === 200).map((r) => r.body.paymentId));
        expect(paid.size).toBe(1);
        for (const response of responses.filter((r) => r.status !== 200))
          expect(['payment_in_progress', 'nothing_to_settle', 'idempotency_key_in_use']).toContain(
            response.body.code,
          );
        const payments = await database.db.selectFrom('payments').select('id').execute();
        const charges = await processor.chargesOf(database.db, new Set(payments.map((p) => p.id)));
        expect(charges.filter((charge) => paid.has(charge.idempotencyKey))).toHaveLength(1);
        expect(await checkLedger({ db: database.db, gatewayCharges: charges })).toEqual([]);
        expect((await kevin.call('GET', `/api/subscriptions/${premium.id}`)).body).toMatchObject({
          status: 'active',
          amountDueMinor: 0,
        });
      }, 120_000);
    },
  );
}
