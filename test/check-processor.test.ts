import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStripe } from './support/fakes/fake-stripe.js';
import { FakeTapPay } from './support/fakes/fake-tappay.js';

const run = promisify(execFile);

// `npm run check:processor` as the README gives it, on each processor: the sandbox as it is, and
// Stripe and TapPay through their fakes (STRIPE_API_BASE, TAPPAY_API_BASE): what an operator with
// test keys would see, minus the network. The command keeps its own in-memory database whatever the
// server uses, so the PostgreSQL pass would run exactly this again: it runs in the embedded pass only
// (reported as skipped in the other), its four checks side by side.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL)).concurrent('npm run check:processor', () => {
  let stripe: FakeStripe;
  let tapPay: FakeTapPay;
  beforeAll(async () => {
    stripe = await new FakeStripe().start();
    tapPay = await new FakeTapPay().start();
  });
  afterAll(async () => {
    await stripe.stop();
    await tapPay.stop();
  });
  const check = (env: Record<string, string>) =>
    run('npm', ['run', '--silent', 'check:processor'], {
      env: { ...process.env, DATABASE_URL: '', SETTLE_DEMO: '', ...env },
      timeout: 60_000,
    });
  const steps = [
    'save a test card',
    'charge it (off-session)',
    'look the charge up',
    'refund it',
    'see the refund',
  ];

  it('on the sandbox: saves, charges, looks up and refunds a test card', async () => {
    const { stdout } = await check({ SETTLE_PROCESSOR: 'sandbox' });
    for (const step of steps) expect(stdout).toContain(`✓ ${step}`);
    expect(stdout).toContain('Processor check OK');
  }, 60_000);

  it('on Stripe in test mode (the fake): the same five steps through the SDK', async () => {
    const { stdout } = await check({
      SETTLE_PROCESSOR: 'stripe',
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_PUBLISHABLE_KEY: stripe.publishableKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_BASE: `http://127.0.0.1:${stripe.port}`,
    });
    for (const step of steps) expect(stdout).toContain(`✓ ${step}`);
    expect(stripe.refunds.size).toBe(1);
  }, 60_000);

  it('on TapPay’s sandbox (the fake): binds the test prime, pays NT$1 by token, refunds it', async () => {
    const { stdout } = await check({
      SETTLE_PROCESSOR: 'tappay',
      TAPPAY_PARTNER_KEY: tapPay.partnerKey,
      TAPPAY_MERCHANT_ID: tapPay.merchantId,
      TAPPAY_APP_ID: String(tapPay.appId),
      TAPPAY_APP_KEY: tapPay.appKey,
      TAPPAY_API_BASE: tapPay.apiBase,
      SETTLE_PUBLIC_URL: 'https://billing.example.com',
    });
    for (const step of steps) expect(stdout).toContain(`✓ ${step}`);
    expect([...tapPay.trades.values()]).toMatchObject([{ amount: 1, currency: 'TWD', refunded_amount: 1 }]);
  }, 60_000);

  it('refuses live keys', async () => {
    const refused = await check({
      SETTLE_PROCESSOR: 'stripe',
      STRIPE_SECRET_KEY: 'sk_live_notreal',
      STRIPE_PUBLISHABLE_KEY: 'pk_live_notreal',
      STRIPE_WEBHOOK_SECRET: 'whsec_notreal',
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('test mode only');
  }, 60_000);
});
