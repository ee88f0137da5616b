import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleJobs } from '../src/jobs/settle-jobs.js';
import { startJobs } from '../src/jobs/start-jobs.js';
import { perEndpointInFlight } from '../src/webhooks/deliver-due-webhooks.js';
import { sameHost } from '../src/webhooks/webhook-address.js';
import { providerClient, setupTestApp, testSecretKey, waitFor } from './harness.js';
import { invoicedUsCustomer } from './support/customers.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

// One endpoint that never answers must delay only itself: deliveries were claimed 32 at a time across
// all endpoints and awaited together, so a healthy endpoint's change → delivery went from p99 0.9 s to
// 50 s beside a dead one (default settings: a 10 s timeout, a 500 ms poll).

const t = setupTestApp('test', { webhookAllowedRanges: sameHost });
let healthySecrets: string[] = [];
let healthy: Awaited<ReturnType<typeof startWebhookReceiver>>;
let dead: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  healthy = await startWebhookReceiver({ secrets: () => healthySecrets });
  dead = await startWebhookReceiver({ secrets: () => [] });
  dead.answerWith(() => 'hang');
});
afterAll(async () => {
  await healthy.close();
});

describe('webhook endpoints are isolated from each other', () => {
  it('beside an endpoint that never answers, a healthy endpoint’s change → delivery p99 stays under 1 s', async () => {
    const { call } = await providerClient(t);
    for (const receiver of [dead, healthy]) {
      const created = await call('POST', '/webhook-endpoints', {
        url: receiver.url,
        eventTypes: ['organization.created'],
      });
      expect(created.status).toBe(201);
      if (receiver === healthy) healthySecrets = [created.body.secret];
    }
    const messages: string[] = [];
    const jobs = startJobs({
      db: t.db,
      jobs: settleJobs({
        db: t.db,
        gateway: t.processor,
        einvoiceIssuer: null,
        mail: null,
        webhooks: {
          secretKey: testSecretKey,
          timeoutMs: 10_000,
          retryBaseMs: 5_000,
          allowedRanges: sameHost,
        },
        billingEveryMs: 0,
        reconcileEveryMs: 3_600_000,
        pollMs: 500,
        holder: 'test',
        log: (message) => messages.push(message),
      }).filter((job) => job.name === 'webhooks'),
      pollMs: 500,
      holder: 'test',
      log: (message) => messages.push(message),
    });
    try {
      const changes = 40;
      for (let n = 0; n < changes; n++) {
        const created = await call('POST', '/organizations', invoicedUsCustomer());
        expect(created.status).toBe(201);
      }
      await waitFor(async () => healthy.processed.size >= changes, 30_000);
      const delaysMs = [...healthy.processed.values()]
        .map((entry) => entry.receivedAt - Date.parse(String(entry.body.timestamp)))
        .sort((a, b) => a - b);
      const p99 = delaysMs[Math.ceil(delaysMs.length * 0.99) - 1] ?? Number.POSITIVE_INFINITY;
      console.log(
        `healthy endpoint beside a dead one: change → delivery p99 ${p99} ms over ${delaysMs.length}`,
      );
      expect(p99).toBeLessThan(1_000);
      // The dead endpoint was tried, and holds no more than its own places.
      expect(dead.all.length).toBeGreaterThan(0);
      expect(dead.all.length).toBeLessThanOrEqual(perEndpointInFlight);
    } finally {
      // The dead endpoint hangs up, so the sends still waiting on it end now, and stop waits for them.
      await dead.close();
      await jobs.stop();
    }
  });
});
