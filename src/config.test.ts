import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    expect(readConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      reconcileEveryMs: 30_000,
      jobsEveryMs: 3_600_000,
      chargeDeadlineMs: 15_000,
      trustProxy: false,
      scryptLog2N: 17,
      demo: true,
      webhookAllowedRanges: [],
      webhookTimeoutMs: 10_000,
      webhookRetryBaseMs: 5_000,
      workerPollMs: 500,
    });
  });

  it.each([
    ['SETTLE_RECONCILE_EVERY_MS', 'abc'],
    ['SETTLE_RECONCILE_EVERY_MS', '0'],
    ['PORT', '70000'],
    ['SETTLE_JOBS_EVERY_MS', '-1'],
    ['SETTLE_CHARGE_DEADLINE_MS', '1.5'],
    ['SETTLE_TRUST_PROXY', 'yes'],
    ['SETTLE_DEMO', 'no'],
    ['SETTLE_SCRYPT_LOG2N', '12'],
    ['SETTLE_SECRET_KEY', 'short'],
    ['SETTLE_PUBLIC_URL', 'billing.example.com'],
    ['SETTLE_REAUTH_WINDOW_MS', '10'],
    ['SETTLE_WEBHOOK_ALLOW_PRIVATE', 'true'],
    ['SETTLE_WEBHOOK_ALLOW', '127.0.0.1'],
    ['SETTLE_WEBHOOK_ALLOW', '10.0.0.0/8,nowhere'],
    ['SETTLE_WEBHOOK_TIMEOUT_MS', '60000'],
    ['SETTLE_WEBHOOK_RETRY_BASE_MS', 'soon'],
    ['SETTLE_WORKER_POLL_MS', '0'],
  ])('stops start-up on %s=%s, naming the variable', (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(name);
  });

  it('takes an empty value as unset', () => {
    expect(readConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  describe('the card processor (SETTLE_PROCESSOR)', () => {
    const stripeKeys = {
      SETTLE_PROCESSOR: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
    };

    it('is the sandbox by default, with the demo', () => {
      expect(readConfig({})).toMatchObject({ processor: { kind: 'sandbox' }, demo: true });
    });

    it('takes Stripe’s three keys, of one mode, and starts without the demo', () => {
      expect(readConfig(stripeKeys)).toMatchObject({
        processor: { kind: 'stripe', live: false, publishableKey: 'pk_test_abc123' },
        demo: false,
      });
      expect(() => readConfig({ ...stripeKeys, STRIPE_PUBLISHABLE_KEY: 'pk_live_abc123' })).toThrow(
        /STRIPE_PUBLISHABLE_KEY: must be of the same mode/,
      );
      expect(() => readConfig({ ...stripeKeys, SETTLE_DEMO: 'true' })).toThrow(
        /the demo runs on the sandbox processor only/,
      );
    });

    it('names every missing or malformed key', () => {
      expect(() => readConfig({ SETTLE_PROCESSOR: 'stripe' })).toThrow(
        /STRIPE_SECRET_KEY: required[\s\S]*STRIPE_PUBLISHABLE_KEY: required[\s\S]*STRIPE_WEBHOOK_SECRET: required/,
      );
      expect(() => readConfig({ ...stripeKeys, STRIPE_SECRET_KEY: 'pk_test_wrong' })).toThrow(
        /STRIPE_SECRET_KEY: must be a Stripe secret key/,
      );
      expect(() => readConfig({ SETTLE_PROCESSOR: 'tappay' })).toThrow(
        /TAPPAY_PARTNER_KEY: required[\s\S]*TAPPAY_APP_KEY: required/,
      );
      expect(() => readConfig({ SETTLE_PROCESSOR: 'paypal' })).toThrow(ConfigError);
    });

    it('needs SETTLE_PUBLIC_URL for TapPay, where the bank sends the cardholder back', () => {
      const tapPay = {
        SETTLE_PROCESSOR: 'tappay',
        TAPPAY_PARTNER_KEY: 'partner_abc',
        TAPPAY_MERCHANT_ID: 'merchant_CTBC',
        TAPPAY_APP_ID: '12345',
        TAPPAY_APP_KEY: 'app_abc',
      };
      expect(() => readConfig(tapPay)).toThrow(/SETTLE_PUBLIC_URL: required with SETTLE_PROCESSOR=tappay/);
      expect(readConfig({ ...tapPay, SETTLE_PUBLIC_URL: 'https://billing.example.com' })).toMatchObject({
        processor: { kind: 'tappay', appId: 12345, server: 'sandbox' },
      });
    });
  });
});
