// npm run bench:webhooks -- [--events 5000] [--workers 2] [--small]: webhook deliveries per second to a
// loopback receiver, and the delay from the change's commit to its delivery (p50/p99), through the
// same claim-and-send loop the server runs (src/jobs/start-jobs.ts), with `workers` loops side by side.

import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { startJobs } from '../src/jobs/start-jobs.js';
import { recordOrganizationsCreated } from '../src/organizations/record-organization-created.js';
import { newSecretKeyText, parseSecretKey } from '../src/secrets/seal.js';
import { createWebhookEndpoint } from '../src/webhooks/create-webhook-endpoint.js';
import { deliverDueWebhooks } from '../src/webhooks/deliver-due-webhooks.js';
import { sameHost } from '../src/webhooks/webhook-address.js';
import { createTestDb, waitFor } from '../test/harness.js';
import { startWebhookReceiver } from '../test/support/webhook-receiver.js';
import { describeMachine } from './machine.js';
import { percentile } from './stats.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    workers: { type: 'string' },
    small: { type: 'boolean', default: false },
  },
});
const burst = Number(values.events ?? (values.small ? 300 : 5_000));
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
// PGlite is one process; on PostgreSQL, two loops stand for two server processes.
const workers = Number(values.workers ?? (onPostgres ? 2 : 1));
console.log(
  `Webhook bench on ${onPostgres ? 'PostgreSQL' : 'embedded PGlite'}: ${burst.toLocaleString('en-US')} events at once, then a steady stream; ${workers} delivery loop(s)`,
);

const { db, drop } = await createTestDb({ onDisk: true });
console.log(await describeMachine(db));
const secretKey = parseSecretKey(newSecretKeyText());
let secret = '';
const receiver = await startWebhookReceiver({ secrets: () => [secret] });
const created = await createWebhookEndpoint({
  db,
  secretKey,
  allowedRanges: sameHost,
  url: receiver.url,
  eventTypes: ['organization.created'],
  description: 'bench',
  enabled: true,
});
secret = created.secret;
const settings = { secretKey, timeoutMs: 10_000, retryBaseMs: 5_000, allowedRanges: sameHost };
const loops = Array.from({ length: workers }, (_, i) =>
  startJobs({
    db,
    pollMs: 50,
    holder: `bench-${i}`,
    log: (message, error) => console.error(message, error),
    jobs: [
      {
        kind: 'queue',
        name: 'webhooks',
        runBatch: async () =>
          (await deliverDueWebhooks({ db, settings, limit: 32, holder: `bench-${i}` })).claimed === 32,
      },
    ],
  }),
);

/**
 * `count` committed changes (new organizations) in one transaction, each with its organization.created
 * event written by the same writer and view the use case uses (events are no longer a trigger's).
 */
const change = (count: number, from: number) =>
  db.transaction().execute(async (tx) => {
    const inserted = await sql<{ id: string }>`insert into organizations (id, name, currency, locale)
      select 'bench-' || g, 'Org ' || g, 'USD', 'en-US' from generate_series(${from}::int, ${from + count - 1}::int) g
      returning id`.execute(tx);
    await recordOrganizationsCreated(
      tx,
      inserted.rows.map((row) => row.id),
    );
  });

// Throughput: a burst, everything queued at once.
const burstStarted = performance.now();
await change(burst, 1);
await waitFor(async () => receiver.processed.size >= burst, 600_000);
const burstSeconds = (performance.now() - burstStarted) / 1000;

// Delay: a steady stream well below that rate, one change every 20 ms (50 a second) for 10 s.
const steady = values.small ? 100 : 500;
receiver.processed.clear();
const delays: number[] = [];
const sentAt = new Map<string, number>();
for (let i = 0; i < steady; i++) {
  const id = burst + 1 + i;
  sentAt.set(`bench-${id}`, Date.now());
  await change(1, id);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await waitFor(async () => receiver.processed.size >= steady, 120_000);
for (const entry of receiver.processed.values()) {
  const organizationId = (entry.body as { organizationId: string }).organizationId;
  const committedAt = sentAt.get(organizationId);
  if (committedAt !== undefined) delays.push(entry.receivedAt - committedAt);
}

await Promise.all(loops.map((loop) => loop.stop()));
await receiver.close();
const unverified = receiver.unverified();
await drop();

console.log(`deliveries (burst)     ${burst.toLocaleString('en-US')} in ${burstSeconds.toFixed(1)} s`);
console.log(`deliveries / second    ${Math.round(burst / burstSeconds).toLocaleString('en-US')}`);
console.log(`steady stream          ${steady} changes, 50 a second`);
console.log(`change → delivery p50  ${percentile(delays, 0.5)} ms`);
console.log(`change → delivery p99  ${percentile(delays, 0.99)} ms`);
console.log(`signatures verified    ${unverified === 0 ? 'all (standardwebhooks)' : `${unverified} FAILED`}`);
if (unverified > 0 || delays.length !== steady) process.exit(1);
