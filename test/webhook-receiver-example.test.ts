import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverDueWebhooks } from '../src/webhooks/deliver-due-webhooks.js';
import { sameHost } from '../src/webhooks/webhook-address.js';
import { providerClient, setupTestApp, testSecretKey, waitFor } from './harness.js';
import { invoicedUsCustomer } from './support/customers.js';

const t = setupTestApp('test', { webhookAllowedRanges: sameHost });
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** The README's receiver, run as the README says, in its own process group. */
async function startExample(secret: string) {
  const child = spawn(process.execPath, ['examples/webhook-receiver.mjs'], {
    env: { ...process.env, SETTLE_WEBHOOK_SECRET: secret, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  stops.push(() => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  await waitFor(async () => /listening on/.test(output), 10_000);
  const url = /listening on (\S+)/.exec(output)?.[1] ?? '';
  return { url, output: () => output };
}

describe('the README’s webhook receiver', () => {
  it('is in the README word for word', () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = readFileSync('examples/webhook-receiver.mjs', 'utf8');
    expect(readme).toContain(`\`\`\`js\n${example}\`\`\``);
  });

  it('verifies Settle’s deliveries, processes each once, and refuses a forged one', async () => {
    const { call } = await providerClient(t);
    // The secret is only known once the endpoint exists, and the endpoint needs the receiver's URL:
    // register, start the receiver with the secret, then point the endpoint at it.
    const created = await call('POST', '/webhook-endpoints', {
      url: 'http://127.0.0.1:9/placeholder',
      eventTypes: ['organization.created'],
    });
    const receiver = await startExample(created.body.secret);
    await call('PATCH', `/webhook-endpoints/${created.body.endpoint.id}`, { url: `${receiver.url}settle` });
    const organization = await call('POST', '/organizations', invoicedUsCustomer());
    expect(organization.status).toBe(201);
    const settings = {
      secretKey: testSecretKey,
      timeoutMs: 2000,
      retryBaseMs: 5000,
      allowedRanges: sameHost,
    };
    expect(await deliverDueWebhooks({ db: t.db, settings })).toMatchObject({ delivered: 1 });
    // The newest by the events' own order (sequence), not by where the rows happen to lie on disk.
    const events = await t.db
      .selectFrom('events')
      .select('id')
      .where('type', '=', 'organization.created')
      .orderBy('sequence')
      .execute();
    const last = events.at(-1)?.id ?? '';
    await call('POST', `/webhook-endpoints/${created.body.endpoint.id}/redeliver`, { eventId: last });
    expect(await deliverDueWebhooks({ db: t.db, settings })).toMatchObject({ delivered: 1 });
    await waitFor(async () => receiver.output().includes(`organization.created ${organization.body.id}`));
    expect(receiver.output().match(/organization\.created/g)).toHaveLength(1);

    const forged = await fetch(`${receiver.url}settle`, {
      method: 'POST',
      headers: {
        'webhook-id': last,
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,bm90IGEgc2lnbmF0dXJl',
      },
      body: JSON.stringify({ id: last, type: 'organization.created', data: { object: { id: 'evil' } } }),
    });
    expect(forged.status).toBe(400);
  });

  it('verifies a body whose Chinese characters arrive split between two chunks', async () => {
    const secret = `whsec_${Buffer.from('a'.repeat(24)).toString('base64')}`;
    const receiver = await startExample(secret);
    const payload = JSON.stringify({
      id: 'evt_split',
      type: 'organization.created',
      data: { object: { id: 'org_1', name: '艾克米股份有限公司' } },
    });
    const timestamp = new Date();
    const signature = new Webhook(secret).sign('evt_split', timestamp, payload);
    const bytes = Buffer.from(payload);
    // Cut inside the first Chinese character's three bytes.
    const cut = bytes.indexOf(Buffer.from('艾')) + 1;
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        `${receiver.url}settle`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': bytes.length,
            'webhook-id': 'evt_split',
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': signature,
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      // The second chunk goes out once the first has been handed to the socket: two reads on the receiver.
      request.write(bytes.subarray(0, cut), () => request.end(bytes.subarray(cut)));
    });
    expect(status).toBe(204);
    await waitFor(async () => receiver.output().includes('organization.created org_1'));
  });
});
