import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/api-keys/create-api-key.js';
import { newSecretKeyText } from '../src/secrets/seal.js';
import { createTestDb, waitFor } from './harness.js';
import { type ServerProcess, startServerProcess } from './server-process.js';
import { invoicedUsCustomer } from './support/customers.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** A loopback SMTP server that counts each notice by the id Settle puts in its header. */
async function startMailbox() {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk;
      });
      stream.on('end', () => {
        received.push(/^X-Settle-Notification: (\S+)/m.exec(data)?.[1] ?? 'no id');
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// PGlite is one process by design; on PostgreSQL (as CI runs it) the servers share one database.
describe.runIf(onPostgres)('webhooks and email from several server processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDb>>;
  let servers: ServerProcess[] = [];
  let secret = '';
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let environment: Record<string, string>;
  beforeAll(async () => {
    database = await createTestDb();
    receiver = await startWebhookReceiver({ secrets: () => [secret] });
    mailbox = await startMailbox();
    environment = {
      SETTLE_SECRET_KEY: newSecretKeyText(),
      SETTLE_WEBHOOK_ALLOW: '127.0.0.0/8,::1/128',
      SETTLE_WEBHOOK_RETRY_BASE_MS: '200',
      SETTLE_WEBHOOK_TIMEOUT_MS: '2000',
      SETTLE_WORKER_POLL_MS: '100',
      SMTP_URL: mailbox.url,
    };
    servers = await Promise.all([
      startServerProcess({ databaseUrl: database.url, env: environment }),
      startServerProcess({ databaseUrl: database.url, env: environment }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill()));
    servers = [];
    await receiver?.close();
    await mailbox?.close();
    await database?.drop();
  });

  it('1,000 events across 50 subscriptions all arrive, signed, each processed once, through refusals and a kill -9', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const key = await createApiKey({ db: database.db, name: 'crm', scope: 'read_write' });
    let calls = 0;
    const call = async (method: string, path: string, body?: unknown) => {
      const base = calls++ % 2 ? b.url : a.url;
      const response = await fetch(`${base}/api/provider/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key.secret}`,
          'idempotency-key': crypto.randomUUID(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = await response.json();
      if (response.status >= 300)
        throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };

    // The receiver is down at first: every delivery is refused until it comes back.
    let refused = 0;
    // Then it is slow (a second per answer) until the kill below, so that deliveries are in flight then.
    let slow = true;
    receiver.answerWith(() => {
      if (refused < 300) {
        refused++;
        return { status: 500, body: 'down for maintenance' };
      }
      return { status: 200, delayMs: slow ? 1000 : 0 };
    });
    const created = await call('POST', '/webhook-endpoints', { url: receiver.url, eventTypes: ['*'] });
    secret = created.secret;

    const product = await call('POST', '/products', {
      name: { enUS: 'Contoso Copilot', zhTW: 'Contoso Copilot 智慧助理' },
      prices: [{ currency: 'USD', billingFrequency: 'monthly', unitAmountMinor: 3_000 }],
    });
    const organization = await call('POST', '/organizations', invoicedUsCustomer());
    // 50 subscriptions (created, first invoice issued), each canceled and reactivated 9 times: 1,000 events.
    const subscriptions = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call('POST', `/organizations/${organization.id}/subscriptions`, {
          priceId: product.prices[0].id,
          licenses: i + 1,
        }),
      ),
    );
    let killed = false;
    await Promise.all(
      subscriptions.map(async (subscription: { id: string }) => {
        for (let round = 0; round < 9; round++) {
          await call('POST', `/subscriptions/${subscription.id}/cancel`, { when: 'period_end' });
          await call('POST', `/subscriptions/${subscription.id}/reactivate`);
        }
      }),
    ).finally(() => {
      killed = true;
    });
    expect(killed).toBe(true);

    const expected = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from webhook_deliveries where endpoint_id = ${created.endpoint.id}`.execute(
          database.db,
        )
      ).rows[0]?.n ?? 0;
    const total = await expected();
    expect(total).toBeGreaterThanOrEqual(1_001);

    // Mid-delivery, one process dies as in an OOM kill, while it holds deliveries it has sent and not
    // yet heard back about (the receiver is slow for now); a new process starts in its place.
    const heldByB = async () =>
      (
        await sql<{ id: string }>`select event_id as id from webhook_deliveries
          where claim_token like ${`%:${b.pid}/%`} and status = 'pending'`.execute(database.db)
      ).rows;
    await waitFor(async () => (await heldByB()).length > 0, 30_000);
    await b.kill();
    const orphaned = await heldByB();
    expect(orphaned.length).toBeGreaterThan(0);
    slow = false;
    servers[1] = await startServerProcess({ databaseUrl: database.url, env: environment });

    await waitFor(async () => receiver.processed.size >= total, 180_000);
    await waitFor(async () => {
      const pending = await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries
        where endpoint_id = ${created.endpoint.id} and status <> 'succeeded'`.execute(database.db);
      return pending.rows[0]?.n === 0;
    }, 60_000);
    expect(receiver.processed.size).toBe(total);
    for (const { id } of orphaned) expect(receiver.processed.has(id)).toBe(true);
    expect(receiver.unverified()).toBe(0);
    expect(refused).toBe(300);
    // At least once: a repeat comes with an id already processed, never as a new one.
    expect(new Set(receiver.all.map((r) => r.webhookId)).size).toBe(total);
    const types = new Set([...receiver.processed.values()].map((r) => r.type));
    expect([...types].sort()).toEqual(
      ['invoice.issued', 'organization.created', 'subscription.created', 'subscription.updated'].sort(),
    );
  }, 400_000);

  it('sent each queued email once although every process sends', async () => {
    await waitFor(async () => {
      const unsent = await database.db
        .selectFrom('notifications')
        .select('id')
        .where('sent_at', 'is', null)
        .execute();
      return unsent.length === 0;
    }, 30_000);
    const queued = await database.db.selectFrom('notifications').select('id').execute();
    expect(queued.length).toBeGreaterThan(0);
    expect([...mailbox.received].sort()).toEqual(queued.map((n) => n.id).sort());
  });

  it('SIGTERM: a process finishes the delivery it has in flight, closes the database and exits 0', async () => {
    const [a, c] = servers as [ServerProcess, ServerProcess];
    await c.stop();
    expect(c.exitCode()).toBe(0);
    receiver.answerWith(() => ({ status: 200, delayMs: 1500 }));
    const key = await createApiKey({ db: database.db, name: 'onboarding', scope: 'read_write' });
    const response = await fetch(`${a.url}/api/provider/v1/organizations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key.secret}`,
        'idempotency-key': crypto.randomUUID(),
        'content-type': 'application/json',
      },
      body: JSON.stringify(invoicedUsCustomer('Tailspin Toys')),
    });
    const organization = (await response.json()) as { id: string };
    const delivery = () =>
      database.db
        .selectFrom('webhook_deliveries')
        .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
        .select(['webhook_deliveries.status', 'webhook_deliveries.claim_token'])
        .where('events.organization_id', '=', organization.id)
        .executeTakeFirst();
    // Sent, and its answer not back yet (the receiver takes 1.5 s) when SIGTERM comes.
    await waitFor(async () => Boolean((await delivery())?.claim_token?.includes(`:${a.pid}/`)), 30_000);
    await a.stop();
    expect(a.exitCode()).toBe(0);
    expect(await delivery()).toMatchObject({ status: 'succeeded', claim_token: null });
  });
});
