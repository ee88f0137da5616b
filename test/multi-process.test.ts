import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxGateway } from '../src/gateway/sandbox/sandbox-gateway.js';
import { checkLedger } from '../src/ledger/check-ledger.js';
import { createTestDb } from './harness.js';
import { type ServerProcess, signInOver, startServerProcess } from './server-process.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

// PGlite is one process by design; on PostgreSQL (as CI runs it) two servers share one database.
describe.runIf(onPostgres)('two server processes on one PostgreSQL (PostgreSQL only)', () => {
  let database: Awaited<ReturnType<typeof createTestDb>>;
  let servers: ServerProcess[] = [];
  beforeAll(async () => {
    database = await createTestDb();
    // Both start at the same moment on the empty database: one seeds the demo data (under a lock),
    // the other waits for it and finds it there.
    servers = await Promise.all([
      startServerProcess({ databaseUrl: database.url }),
      startServerProcess({ databaseUrl: database.url }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    servers = [];
    await database?.drop();
  });

  it('seeded the demo once although both started together on the empty database', async () => {
    const organizations = await database.db.selectFrom('organizations').select('name').execute();
    expect(organizations.map((o) => o.name).sort()).toEqual(['Fabrikam, Inc.', '康拓科技股份有限公司']);
  });

  it('throttles sign-in across both servers: wrong passwords on either count together', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const attempt = (base: string, password: string) =>
      fetch(`${base}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'reader@fabrikam.com', password }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(i % 2 ? a.url : b.url, `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    for (const base of [a.url, b.url]) {
      const locked = await attempt(base, 'settle-demo');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('50 concurrent settlements of one balance, mixed keys, across both servers: exactly one charge', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const kevin = await signInOver(a.url, 'kevin@contoso.tw');
    const mei = await signInOver(b.url, 'mei@contoso.tw');
    const list = await kevin.call('GET', '/api/subscriptions');
    const premium = list.body.items.find((item: { productName: string }) =>
      item.productName.endsWith('Premium'),
    );
    const cards = (await kevin.call('GET', '/api/payment-methods')).body as {
      id: string;
      ownedByMe: boolean;
    }[];
    const kevinCard = cards.find((card) => card.ownedByMe);
    const body = {
      expectedAmountMinor: premium.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: kevinCard?.id },
    };

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const client = i % 2 ? mei : kevin;
        const base = i % 3 ? a.url : b.url;
        // Ten keys, each sent five times (a retried click), the rest unique.
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
    for (const response of responses.filter((r) => r.status !== 200)) {
      expect(['payment_in_progress', 'nothing_to_settle', 'idempotency_key_in_use']).toContain(
        response.body.code,
      );
    }
    const gateway = new SandboxGateway(database.db);
    expect(await gateway.succeededCharges()).toHaveLength(1);
    expect(await checkLedger({ db: database.db, gatewayCharges: await gateway.succeededCharges() })).toEqual(
      [],
    );
    const after = await kevin.call('GET', `/api/subscriptions/${premium.id}`);
    expect(after.body).toMatchObject({ status: 'active', amountDueMinor: 0 });
  });
});
