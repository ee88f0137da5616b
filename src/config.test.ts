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
      webhookAllowPrivate: false,
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
    ['SETTLE_WEBHOOK_ALLOW_PRIVATE', '1'],
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
});
