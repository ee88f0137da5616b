import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { GatewayUnavailableError, WebhookSignatureError } from '../src/gateway/payment-gateway.js';
import type { StripeGateway } from '../src/gateway/stripe/stripe-gateway.js';
import { createTestDb } from './harness.js';
import { stripeAgainst } from './support/fakes/adapters.js';
import { FakeStripe } from './support/fakes/fake-stripe.js';

// The Stripe adapter against a local fake of Stripe's API (test/support/fakes/fake-stripe.ts), with
// the official SDK pointed at it by host and port: what each call promises under retries, declines,
// 3-D Secure, timeouts, 5xx and lost replies.
let db: Db;
let drop: () => Promise<void>;
let fake: FakeStripe;
let gateway: StripeGateway;
let customer: string;

beforeAll(async () => {
  ({ db, drop } = await createTestDb());
});
afterAll(async () => {
  await drop();
});
beforeEach(async () => {
  fake = await new FakeStripe().start();
  gateway = stripeAgainst(fake, db);
  const collection = await gateway.prepareCardCollection({ id: randomUUID(), name: 'Contoso' });
  if (collection.processor !== 'stripe') throw new Error('expected a Stripe card form');
  customer = fake.customerOfClientSecret(collection.clientSecret) ?? '';
  return () => fake.stop();
});

function card(number: string) {
  return fake.createPaymentMethod({ number, customer });
}

async function charge(number: string, options: { offSession?: boolean; amountMinor?: bigint } = {}) {
  const key = randomUUID();
  await gateway.createIntent({
    idempotencyKey: key,
    token: card(number),
    amountMinor: options.amountMinor ?? 330_000n,
    currency: 'TWD',
    offSession: options.offSession ?? false,
  });
  return { key, result: await gateway.confirmIntent(key) };
}

const intentOf = (key: string) =>
  [...fake.intents.values()].find((intent) => intent.metadata.settle_payment_id === key);

describe('the Stripe adapter', () => {
  it('saves a card on the organization’s one customer and reads it back', async () => {
    const collection = await gateway.prepareCardCollection({ id: 'org-1', name: 'Fabrikam' });
    const again = await gateway.prepareCardCollection({ id: 'org-1', name: 'Fabrikam' });
    expect(collection).toMatchObject({ processor: 'stripe', publishableKey: 'pk_test_fake' });
    if (collection.processor !== 'stripe' || again.processor !== 'stripe') throw new Error('not Stripe');
    expect(fake.customerOfClientSecret(again.clientSecret)).toBe(
      fake.customerOfClientSecret(collection.clientSecret),
    );
    const token = card('4242 4242 4242 4242');
    expect(await gateway.getCard(token)).toMatchObject({ token, brand: 'visa', last4: '4242' });
    await gateway.updateCardExpiry(token, { expMonth: 3, expYear: 2031 });
    expect(await gateway.getCard(token)).toMatchObject({ expMonth: 3, expYear: 2031 });
    expect(await gateway.getCard('pm_unknown')).toBeNull();
  });

  it('charges once per key however often it is asked, and refunds once per refund key', async () => {
    const { key, result } = await charge('4242424242424242');
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(await gateway.confirmIntent(key)).toEqual(result);
    await gateway.createIntent({
      idempotencyKey: key,
      token: card('4242424242424242'),
      amountMinor: 1n,
      currency: 'TWD',
      offSession: true,
    });
    expect(fake.intents.size).toBe(1);
    expect(fake.charges.size).toBe(1);
    expect(await gateway.findCharges([key, randomUUID()])).toMatchObject([
      { idempotencyKey: key, amountMinor: 330_000n, refundedMinor: 0n, currency: 'TWD' },
    ]);
    const refundKey = randomUUID();
    const refund = await gateway.refund({ idempotencyKey: refundKey, chargeKey: key, amountMinor: 330_000n });
    expect(
      await gateway.refund({ idempotencyKey: refundKey, chargeKey: key, amountMinor: 330_000n }),
    ).toEqual(refund);
    expect(fake.refunds.size).toBe(1);
    expect(await gateway.findCharges([key])).toMatchObject([{ refundedMinor: 330_000n }]);
  });

  it.each([
    ['4000000000000002', 'card_declined'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000000069', 'expired_card'],
    ['4000000000000119', 'processing_error'],
  ])('a decline by %s is an answer: %s, and lookup says the same', async (number, declineCode) => {
    const { key, result } = await charge(number);
    expect(result).toEqual({ status: 'failed', declineCode });
    expect(await gateway.lookupIntent(key)).toEqual({ status: 'failed', declineCode });
    expect(fake.charges.size).toBe(0);
  });

  it('3-D Secure: on-session waits for Stripe.js with the client secret; off-session is declined', async () => {
    const asked = await charge('4000002760003184');
    const intent = intentOf(asked.key);
    expect(asked.result).toEqual({
      status: 'requires_action',
      nextAction: { kind: 'processor_script', clientSecret: intent?.client_secret },
    });
    await fake.answerChallenge(intent?.id ?? '', true);
    expect(await gateway.lookupIntent(asked.key)).toMatchObject({ status: 'succeeded' });

    const failed = await charge('4000002760003184');
    await fake.answerChallenge(intentOf(failed.key)?.id ?? '', false);
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
    expect((await charge('4000002500003155')).result).toMatchObject({ status: 'requires_action' });
  });

  it('a 5xx or a timeout is "unknown", never a decline; lookup then tells the truth', async () => {
    fake.injectFault(/confirm$/, { kind: 'server_error' });
    const key = randomUUID();
    await gateway.createIntent({
      idempotencyKey: key,
      token: card('4242424242424242'),
      amountMinor: 5_000n,
      currency: 'TWD',
      offSession: true,
    });
    await expect(gateway.confirmIntent(key)).rejects.toBeInstanceOf(GatewayUnavailableError);
    expect(await gateway.lookupIntent(key)).toEqual({ status: 'requires_confirmation' });

    fake.injectFault(/confirm$/, { kind: 'timeout' });
    const slow = randomUUID();
    await gateway.createIntent({
      idempotencyKey: slow,
      token: card('4242424242424242'),
      amountMinor: 5_000n,
      currency: 'TWD',
      offSession: true,
    });
    await expect(gateway.confirmIntent(slow)).rejects.toBeInstanceOf(GatewayUnavailableError);
    // Canceled after the deadline: the authoritative "no", and a late confirm is refused.
    expect(await gateway.cancelIntent(slow)).toEqual({ status: 'canceled' });
    expect(await gateway.confirmIntent(slow)).toEqual({ status: 'canceled' });
    expect(fake.charges.size).toBe(0);
  });

  it('a reply lost once is asked again by the SDK under the same key: Stripe replays it, one charge', async () => {
    fake.injectFault(/confirm$/, { kind: 'reply_lost' });
    const { key, result } = await charge('4242424242424242');
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(fake.requests.filter((line) => line.endsWith('/confirm'))).toHaveLength(2);
    expect(await gateway.lookupIntent(key)).toEqual(result);
    expect(fake.charges.size).toBe(1);
  });

  it('a reply lost for good: unknown at first, then found charged, and a cancel says so', async () => {
    fake.injectFault(/confirm$/, { kind: 'reply_lost' });
    fake.injectFault(/confirm$/, { kind: 'reply_lost' });
    const key = randomUUID();
    await gateway.createIntent({
      idempotencyKey: key,
      token: card('4242424242424242'),
      amountMinor: 5_000n,
      currency: 'TWD',
      offSession: true,
    });
    await expect(gateway.confirmIntent(key)).rejects.toBeInstanceOf(GatewayUnavailableError);
    expect(await gateway.lookupIntent(key)).toMatchObject({ status: 'succeeded' });
    expect(await gateway.cancelIntent(key)).toMatchObject({ status: 'succeeded' });
    expect(await gateway.confirmIntent(key)).toMatchObject({ status: 'succeeded' });
    expect(fake.charges.size).toBe(1);
  });

  it('a key canceled before its intent was ever created is never charged', async () => {
    const key = randomUUID();
    expect(await gateway.cancelIntent(key)).toEqual({ status: 'canceled' });
    await gateway.createIntent({
      idempotencyKey: key,
      token: card('4242424242424242'),
      amountMinor: 5_000n,
      currency: 'TWD',
      offSession: true,
    });
    expect(await gateway.confirmIntent(key)).toEqual({ status: 'canceled' });
    expect(fake.intents.size).toBe(0);
  });

  it('reads only webhooks Stripe signed, and names the Settle payment they are about', async () => {
    const { key } = await charge('4242424242424242');
    const intent = intentOf(key);
    const payload = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: intent },
    });
    const { default: Stripe } = await import('stripe');
    const signed = Stripe.webhooks.generateTestHeaderString({ payload, secret: fake.webhookSecret });
    expect(await gateway.readWebhook(Buffer.from(payload), { 'stripe-signature': signed })).toEqual([key]);
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' });
    await expect(
      gateway.readWebhook(Buffer.from(payload), { 'stripe-signature': forged }),
    ).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(gateway.readWebhook(Buffer.from(payload), {})).rejects.toBeInstanceOf(WebhookSignatureError);
  });
});
