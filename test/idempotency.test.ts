import { describe, expect, it } from 'vitest';
import { cardOwnedBy, premium, setupTestApp, subscriptionByProduct, tokenize } from './harness.js';

const t = setupTestApp();

async function settleRequest() {
  const kevin = await t.signIn('kevin@contoso.tw');
  const subscription = await subscriptionByProduct(kevin, premium);
  const card = await cardOwnedBy(kevin, '林志豪');
  const body = {
    expectedAmountMinor: subscription.amountDueMinor,
    card: { kind: 'existing', paymentMethodId: card.id },
  };
  return { kevin, url: `/api/subscriptions/${subscription.id}/settle`, body, subscription };
}

describe('Idempotency-Key', () => {
  it('replays the first answer to a repeat without charging again', async () => {
    const { kevin, url, body } = await settleRequest();
    const first = await kevin.send('POST', url, body, { 'idempotency-key': 'click-0001' });
    const repeat = await kevin.send('POST', url, body, { 'idempotency-key': 'click-0001' });
    expect(first.status).toBe(200);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(t.gateway.chargeCalls).toBe(1);
  });

  it('replays a decline too, so a retried click does not try the card again', async () => {
    const { kevin, url, body } = await settleRequest();
    const declining = await tokenize(t.app, '4000000000000002');
    const declinedBody = { ...body, card: { kind: 'new', token: declining.body.token } };
    const first = await kevin.send('POST', url, declinedBody, { 'idempotency-key': 'click-0002' });
    const repeat = await kevin.send('POST', url, declinedBody, { 'idempotency-key': 'click-0002' });
    expect(first.status).toBe(402);
    expect(repeat.body).toEqual(first.body);
    expect(t.gateway.chargeCalls).toBe(1);
  });

  it('refuses the same key with a different body', async () => {
    const { kevin, url, body } = await settleRequest();
    await kevin.send('POST', url, body, { 'idempotency-key': 'click-0003' });
    const other = await kevin.send(
      'POST',
      url,
      { ...body, expectedAmountMinor: 1 },
      { 'idempotency-key': 'click-0003' },
    );
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('refuses another admin reusing someone else’s key', async () => {
    const { kevin, url, body } = await settleRequest();
    await kevin.send('POST', url, body, { 'idempotency-key': 'shared-key-1' });
    const mei = await t.signIn('mei@contoso.tw');
    const response = await mei.send('POST', url, body, { 'idempotency-key': 'shared-key-1' });
    expect(response.status).toBe(422);
  });

  it('charges once when the same click arrives five times at once', async () => {
    const { kevin, url, body } = await settleRequest();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => kevin.send('POST', url, body, { 'idempotency-key': 'double-click-1' })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    for (const response of responses) {
      if (response.status !== 200) expect(response.body.code).toBe('idempotency_key_in_use');
    }
    expect(t.gateway.chargeCalls).toBe(1);
    expect(await t.gateway.succeededCharges()).toHaveLength(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('charges once when two admins settle the same balance at the same moment with their own keys', async () => {
    const { kevin, url, body } = await settleRequest();
    const mei = await t.signIn('mei@contoso.tw');
    const responses = await Promise.all([
      ...Array.from({ length: 5 }, () => kevin.send('POST', url, body)),
      ...Array.from({ length: 5 }, () => mei.send('POST', url, body)),
    ]);
    const succeeded = responses.filter((r) => r.status === 200);
    expect(succeeded).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 200)) {
      expect(['payment_in_progress', 'nothing_to_settle']).toContain(response.body.code);
    }
    expect(await t.gateway.succeededCharges()).toHaveLength(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });
});
