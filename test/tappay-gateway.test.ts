import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { CardSourceRefused, GatewayUnavailableError } from '../src/gateway/payment-gateway.js';
import type { TapPayGateway } from '../src/gateway/tappay/tappay-gateway.js';
import { newSecretKeyText, parseSecretKey } from '../src/secrets/seal.js';
import { createTestDb, waitFor } from './harness.js';
import { tapPayAgainst } from './support/fakes/adapters.js';
import { FakeTapPay } from './support/fakes/fake-tappay.js';

// The TapPay adapter against a local fake of TapPay's backend API (test/support/fakes/fake-tappay.ts):
// binding a prime, pay-by-token in TWD, 3-D Secure, declines, duplicates, timeouts, 5xx, lost
// replies, the record query, refunds.
let db: Db;
let drop: () => Promise<void>;
let fake: FakeTapPay;
let gateway: TapPayGateway;

beforeAll(async () => {
  ({ db, drop } = await createTestDb());
});
afterAll(async () => {
  await drop();
});
beforeEach(async () => {
  fake = await new FakeTapPay().start();
  gateway = tapPayAgainst(fake, db, parseSecretKey(newSecretKeyText()));
  return () => fake.stop();
});

async function bound(number: string) {
  return gateway.saveCardSource(
    { prime: fake.primeFor(number) },
    { organizationId: 'org-1', cardholderName: '林志豪', email: 'kevin@contoso.tw' },
  );
}

async function charge(number: string, options: { offSession?: boolean; amountMinor?: bigint } = {}) {
  const key = randomUUID();
  const card = await bound(number);
  await gateway.createIntent({
    idempotencyKey: key,
    token: card.token,
    amountMinor: options.amountMinor ?? 3_300_000n,
    currency: 'TWD',
    offSession: options.offSession ?? false,
  });
  return { key, result: await gateway.confirmIntent(key) };
}

describe('the TapPay adapter', () => {
  it('binds a prime to a card whose key and token never leave the adapter’s sealed table', async () => {
    const card = await bound('4242 4242 4242 4242');
    expect(card).toMatchObject({ brand: 'visa', last4: '4242', cardholderName: '林志豪' });
    expect(card.token).toMatch(/^tpk_/);
    expect(await gateway.getCard(card.token)).toEqual(card);
    const stored = await db
      .selectFrom('tappay_cards')
      .selectAll()
      .where('reference', '=', card.token)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toMatch(/ck_|ct_/);
    await expect(
      gateway.saveCardSource(
        { prime: 'test_prime_used_or_unknown' },
        { organizationId: 'o', cardholderName: 'A', email: '' },
      ),
    ).rejects.toBeInstanceOf(CardSourceRefused);
    expect(gateway.capabilities.updateCardExpiry).toBe(false);
  });

  it('charges whole New Taiwan dollars once per key; a second send is a duplicate, answered from the record', async () => {
    const { key, result } = await charge('4242424242424242');
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(fake.tradeOf(key)).toMatchObject({ amount: 33_000, currency: 'TWD', record_status: 1 });
    expect(await gateway.confirmIntent(key)).toEqual(result);
    expect(fake.trades.size).toBe(1);
    expect(await gateway.findCharges([key])).toMatchObject([{ amountMinor: 3_300_000n, refundedMinor: 0n }]);
    const refundKey = randomUUID();
    await gateway.refund({ idempotencyKey: refundKey, chargeKey: key, amountMinor: 3_300_000n });
    // TapPay's refund has no key of its own: the second call is answered here, not sent.
    await gateway.refund({ idempotencyKey: refundKey, chargeKey: key, amountMinor: 3_300_000n });
    expect(fake.requests.filter((path) => path === '/tpc/transaction/refund')).toHaveLength(1);
    expect(await gateway.findCharges([key])).toMatchObject([{ refundedMinor: 3_300_000n }]);
  });

  it.each([
    ['4000000000000002', 'card_declined'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000000069', 'expired_card'],
  ])('a decline by %s is %s, and the record says the same', async (number, declineCode) => {
    const { key, result } = await charge(number);
    expect(result).toEqual({ status: 'failed', declineCode });
    expect(await gateway.lookupIntent(key)).toEqual({ status: 'failed', declineCode });
  });

  it('3-D Secure: on-session waits on TapPay’s payment_url; off-session the issuer’s soft decline is authentication_required', async () => {
    const { key, result } = await charge('4000002760003184');
    expect(result).toMatchObject({ status: 'requires_action', nextAction: { kind: 'redirect' } });
    await fake.answerChallenge(fake.tradeOf(key)?.rec_trade_id ?? '', true);
    expect(await gateway.lookupIntent(key)).toMatchObject({ status: 'succeeded' });

    const failed = await charge('4000002760003184');
    await fake.answerChallenge(fake.tradeOf(failed.key)?.rec_trade_id ?? '', false);
    expect(await gateway.lookupIntent(failed.key)).toEqual({
      status: 'failed',
      declineCode: 'authentication_failed',
    });

    expect((await charge('4000002760003184', { offSession: true })).result).toEqual({
      status: 'failed',
      declineCode: 'authentication_required',
    });
    expect((await charge('4000002500003155', { offSession: true })).result).toMatchObject({
      status: 'succeeded',
    });
  });

  it('a 5xx, TapPay’s own timeout status or no answer is unknown; cancel closes the key once TapPay can no longer act on it', async () => {
    for (const fault of [
      { kind: 'server_error' },
      { kind: 'unanswered_status' },
      { kind: 'timeout' },
    ] as const) {
      fake.injectFault(/pay-by-token$/, fault);
      const key = randomUUID();
      const card = await bound('4242424242424242');
      await gateway.createIntent({
        idempotencyKey: key,
        token: card.token,
        amountMinor: 100_00n,
        currency: 'TWD',
        offSession: true,
      });
      await expect(gateway.confirmIntent(key)).rejects.toBeInstanceOf(GatewayUnavailableError);
      // Sent without an answer: TapPay may still act on it, so "no trade" is not a "no" at once, and
      // a lookup after that first cancel does not say "canceled" either (reconciliation would believe it).
      await expect(gateway.cancelIntent(key)).rejects.toBeInstanceOf(GatewayUnavailableError);
      expect(await gateway.lookupIntent(key)).toEqual({ status: 'requires_confirmation' });
      // Twice the timeout later, with no trade, it is: the key is closed for good.
      await waitFor(async () => (await gateway.cancelIntent(key).catch(() => null))?.status === 'canceled');
      expect(await gateway.confirmIntent(key)).toEqual({ status: 'canceled' });
    }
    expect(fake.trades.size).toBe(0);
  });

  it('a reply lost after the charge: unknown, then found by the record query; a cancel says it was charged', async () => {
    fake.injectFault(/pay-by-token$/, { kind: 'reply_lost' });
    const key = randomUUID();
    const card = await bound('4242424242424242');
    await gateway.createIntent({
      idempotencyKey: key,
      token: card.token,
      amountMinor: 500_00n,
      currency: 'TWD',
      offSession: true,
    });
    await expect(gateway.confirmIntent(key)).rejects.toBeInstanceOf(GatewayUnavailableError);
    expect(await gateway.lookupIntent(key)).toMatchObject({ status: 'succeeded' });
    expect(await gateway.cancelIntent(key)).toMatchObject({ status: 'succeeded' });
    expect(fake.trades.size).toBe(1);
  });

  it('what TapPay cannot charge (not TWD, part of a dollar) is not sent, and answers canceled', async () => {
    const card = await bound('4242424242424242');
    for (const request of [
      { currency: 'USD', amountMinor: 1000n },
      { currency: 'TWD', amountMinor: 1050n },
    ]) {
      const key = randomUUID();
      await gateway.createIntent({ idempotencyKey: key, token: card.token, offSession: true, ...request });
      expect(await gateway.confirmIntent(key)).toEqual({ status: 'canceled' });
    }
    expect(fake.trades.size).toBe(0);
  });
});
