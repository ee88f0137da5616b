import { resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** The card processor and its keys (SETTLE_PROCESSOR). */
export type ProcessorConfig =
  | { kind: 'sandbox' }
  | {
      kind: 'stripe';
      secretKey: string;
      publishableKey: string;
      webhookSecret: string;
      /** Another API address (a local fake of Stripe's API in tests): http(s)://host:port. */
      apiBase: URL | undefined;
      live: boolean;
    }
  | {
      kind: 'tappay';
      partnerKey: string;
      merchantId: string;
      appId: number;
      appKey: string;
      server: 'sandbox' | 'production';
      /** Another API address (a local fake in tests); else TapPay's for the server above. */
      apiBase: URL | undefined;
    };

/** Who issues Taiwan's e-invoices (SETTLE_EINVOICE), when the seller profile turns them on. */
export type EInvoiceConfig =
  | { kind: 'none' }
  | { kind: 'sandbox' }
  | { kind: 'ecpay'; merchantId: string; hashKey: string; hashIv: string; apiBase: URL };

export interface Config {
  processor: ProcessorConfig;
  einvoice: EInvoiceConfig;
  /** How long a call to the e-invoice issuer may take before its outcome is unknown. */
  einvoiceTimeoutMs: number;
  /** How long a call to Stripe or TapPay may take before its outcome is unknown. */
  processorTimeoutMs: number;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  webRoot: string;
  reconcileEveryMs: number;
  /** How often renewals and dunning run; 0 turns the schedule off (npm run billing runs them by hand). */
  jobsEveryMs: number;
  /** How long a charge may take before its outcome is unknown; reconciliation cancels after 4×. */
  chargeDeadlineMs: number;
  /** smtp://user:password@host:587 to email billing notifications; unset, they stay in the in-app inbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Behind a TLS-terminating proxy: believe its X-Forwarded-Proto and X-Forwarded-For. */
  trustProxy: boolean;
  /** scrypt's cost as a power of two (17 is OWASP's); hashes made cheaper are upgraded at sign-in. */
  scryptLog2N: number;
  /** Seals stored secrets (authenticator seeds); unset on the embedded database, a key file is made. */
  secretKey: string | undefined;
  /** How recent a password or code must be before a sensitive change (adding a card, MFA settings). */
  reauthWindowMs: number;
  /** The address people use to reach Settle; passkeys are bound to its host name. */
  publicUrl: string | undefined;
  /** Seed the demo organizations into an empty database (npm start); off for production (start:prod). */
  demo: boolean;
  /** Webhook endpoints may be on private, loopback and link-local addresses (a receiver on this host). */
  webhookAllowedRanges: readonly string[];
  /** How long a webhook endpoint has to answer. */
  webhookTimeoutMs: number;
  /** The first retry's delay after a failed delivery; each next one is 4× longer (at most 6 h). */
  webhookRetryBaseMs: number;
  /** How often each process looks for due webhooks and emails. */
  workerPollMs: number;
}

const yesNo = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const environment = z.object({
  PORT: wholeNumber(0, 65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SETTLE_RECONCILE_EVERY_MS: wholeNumber(100, 86_400_000).default(30_000),
  SETTLE_JOBS_EVERY_MS: wholeNumber(0, 604_800_000).default(3_600_000),
  SETTLE_CHARGE_DEADLINE_MS: wholeNumber(100, 600_000).default(15_000),
  SETTLE_TRUST_PROXY: yesNo.default(false),
  SETTLE_DEMO: yesNo.default(true),
  SETTLE_SCRYPT_LOG2N: wholeNumber(14, 20).default(17),
  SETTLE_PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://billing.example.com' })
    .optional(),
  // Opened every private range (the metadata address included) to anyone with an API key: replaced by
  // SETTLE_WEBHOOK_ALLOW, which names the ranges. Only "false" is still taken, so nobody is surprised.
  SETTLE_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['false'], {
      message: 'is replaced by SETTLE_WEBHOOK_ALLOW: list the ranges, such as 127.0.0.1/32',
    })
    .optional(),
  SETTLE_WEBHOOK_ALLOW: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((range) => range.trim())
        .filter(Boolean),
    )
    .refine((ranges) => ranges.every(isCidr), {
      message: 'must be address ranges separated by commas, such as 127.0.0.1/32,::1/128',
    }),
  SETTLE_WEBHOOK_TIMEOUT_MS: wholeNumber(100, 30_000).default(10_000),
  SETTLE_WEBHOOK_RETRY_BASE_MS: wholeNumber(100, 3_600_000).default(5_000),
  SETTLE_WORKER_POLL_MS: wholeNumber(10, 60_000).default(500),
  SETTLE_REAUTH_WINDOW_MS: wholeNumber(1000, 3_600_000).default(600_000),
  SETTLE_PROCESSOR: z.enum(['sandbox', 'stripe', 'tappay']).default('sandbox'),
  SETTLE_PROCESSOR_TIMEOUT_MS: wholeNumber(100, 120_000).default(30_000),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret key (sk_test_… or sk_live_…)')
    .optional(),
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_\w+$/, 'must be a Stripe publishable key (pk_test_… or pk_live_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, 'must be the endpoint’s signing secret (whsec_…)')
    .optional(),
  STRIPE_API_BASE: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  TAPPAY_PARTNER_KEY: z
    .string()
    .regex(/^partner_\w+$/, 'must be a TapPay partner key (partner_…)')
    .optional(),
  TAPPAY_MERCHANT_ID: z.string().min(1).max(100).optional(),
  TAPPAY_APP_ID: wholeNumber(1, 2_147_483_647).optional(),
  TAPPAY_APP_KEY: z
    .string()
    .regex(/^app_\w+$/, 'must be a TapPay app key (app_…)')
    .optional(),
  TAPPAY_SERVER: z.enum(['sandbox', 'production']).default('sandbox'),
  TAPPAY_API_BASE: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  SETTLE_EINVOICE: z.enum(['none', 'sandbox', 'ecpay']).default('sandbox'),
  SETTLE_EINVOICE_TIMEOUT_MS: wholeNumber(100, 120_000).default(20_000),
  ECPAY_EINVOICE_MERCHANT_ID: z
    .string()
    .regex(/^\d{7,10}$/, 'must be ECPay’s merchant ID (digits)')
    .optional(),
  ECPAY_EINVOICE_HASH_KEY: z
    .string()
    .length(16, 'must be the 16-character HashKey ECPay gave you')
    .optional(),
  ECPAY_EINVOICE_HASH_IV: z.string().length(16, 'must be the 16-character HashIV ECPay gave you').optional(),
  ECPAY_EINVOICE_SERVER: z.enum(['staging', 'production']).default('staging'),
  ECPAY_EINVOICE_API_BASE: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  SETTLE_SECRET_KEY: z
    .string()
    .refine((text) => Buffer.from(text, 'base64').length === 32, {
      message: 'must be 32 random bytes in base64 (openssl rand -base64 32)',
    })
    .optional(),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and checks the environment: a bad value stops start-up with the variable's name. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Settle cannot start: invalid settings\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  const processor = processorConfig(values);
  // The demo's cards live in the sandbox processor: with a real one, the demo would show cards it cannot charge.
  const demo = env.SETTLE_DEMO ? values.SETTLE_DEMO : processor.kind === 'sandbox';
  // TapPay sends the cardholder back from 3-D Secure, and its notices, to Settle's public address.
  if (processor.kind === 'tappay' && !values.SETTLE_PUBLIC_URL)
    throw new ConfigError(
      'Settle cannot start: invalid settings\n  SETTLE_PUBLIC_URL: required with SETTLE_PROCESSOR=tappay',
    );
  if (demo && processor.kind !== 'sandbox')
    throw new ConfigError(
      'Settle cannot start: invalid settings\n  SETTLE_DEMO: the demo runs on the sandbox processor only',
    );
  return {
    processor,
    einvoice: einvoiceConfig(values),
    einvoiceTimeoutMs: values.SETTLE_EINVOICE_TIMEOUT_MS,
    processorTimeoutMs: values.SETTLE_PROCESSOR_TIMEOUT_MS,
    port: values.PORT,
    host: values.HOST,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.SETTLE_DATA_DIR || './data'),
    webRoot: resolve(env.SETTLE_WEB_ROOT || './web/dist'),
    reconcileEveryMs: values.SETTLE_RECONCILE_EVERY_MS,
    jobsEveryMs: values.SETTLE_JOBS_EVERY_MS,
    chargeDeadlineMs: values.SETTLE_CHARGE_DEADLINE_MS,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.SETTLE_MAIL_FROM || 'Settle Billing <billing@settle.localhost>',
    trustProxy: values.SETTLE_TRUST_PROXY,
    scryptLog2N: values.SETTLE_SCRYPT_LOG2N,
    secretKey: values.SETTLE_SECRET_KEY,
    reauthWindowMs: values.SETTLE_REAUTH_WINDOW_MS,
    publicUrl: values.SETTLE_PUBLIC_URL,
    demo,
    webhookAllowedRanges: values.SETTLE_WEBHOOK_ALLOW,
    webhookTimeoutMs: values.SETTLE_WEBHOOK_TIMEOUT_MS,
    webhookRetryBaseMs: values.SETTLE_WEBHOOK_RETRY_BASE_MS,
    workerPollMs: values.SETTLE_WORKER_POLL_MS,
  };
}

type Values = z.output<typeof environment>;

/** The processor's keys, all there and of one mode (test or live), or the names of what is missing. */
function processorConfig(values: Values): ProcessorConfig {
  const missing = (names: string[]) =>
    new ConfigError(
      `Settle cannot start: invalid settings\n${names.map((name) => `  ${name}: required with SETTLE_PROCESSOR=${values.SETTLE_PROCESSOR}`).join('\n')}`,
    );
  if (values.SETTLE_PROCESSOR === 'stripe') {
    const {
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_PUBLISHABLE_KEY: publishableKey,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
    } = values;
    if (!secretKey || !publishableKey || !webhookSecret)
      throw missing(
        [
          ['STRIPE_SECRET_KEY', secretKey],
          ['STRIPE_PUBLISHABLE_KEY', publishableKey],
          ['STRIPE_WEBHOOK_SECRET', webhookSecret],
        ]
          .filter(([, value]) => !value)
          .map(([name]) => name as string),
      );
    const live = secretKey.includes('_live_');
    if (live !== publishableKey.includes('_live_'))
      throw new ConfigError(
        'Settle cannot start: invalid settings\n  STRIPE_PUBLISHABLE_KEY: must be of the same mode (test or live) as STRIPE_SECRET_KEY',
      );
    return {
      kind: 'stripe',
      secretKey,
      publishableKey,
      webhookSecret,
      apiBase: values.STRIPE_API_BASE ? new URL(values.STRIPE_API_BASE) : undefined,
      live,
    };
  }
  if (values.SETTLE_PROCESSOR === 'tappay') {
    const {
      TAPPAY_PARTNER_KEY: partnerKey,
      TAPPAY_MERCHANT_ID: merchantId,
      TAPPAY_APP_ID: appId,
      TAPPAY_APP_KEY: appKey,
    } = values;
    if (!partnerKey || !merchantId || !appId || !appKey)
      throw missing(
        [
          ['TAPPAY_PARTNER_KEY', partnerKey],
          ['TAPPAY_MERCHANT_ID', merchantId],
          ['TAPPAY_APP_ID', appId],
          ['TAPPAY_APP_KEY', appKey],
        ]
          .filter(([, value]) => !value)
          .map(([name]) => name as string),
      );
    return {
      kind: 'tappay',
      partnerKey,
      merchantId,
      appId,
      appKey,
      server: values.TAPPAY_SERVER,
      apiBase: values.TAPPAY_API_BASE ? new URL(values.TAPPAY_API_BASE) : undefined,
    };
  }
  return { kind: 'sandbox' };
}

const ecpayHosts = {
  staging: 'https://einvoice-stage.ecpay.com.tw',
  production: 'https://einvoice.ecpay.com.tw',
};

/** The e-invoice issuer and its keys, all there, or the names of what is missing. */
function einvoiceConfig(values: Values): EInvoiceConfig {
  if (values.SETTLE_EINVOICE !== 'ecpay') return { kind: values.SETTLE_EINVOICE };
  const {
    ECPAY_EINVOICE_MERCHANT_ID: merchantId,
    ECPAY_EINVOICE_HASH_KEY: hashKey,
    ECPAY_EINVOICE_HASH_IV: hashIv,
  } = values;
  if (!merchantId || !hashKey || !hashIv)
    throw new ConfigError(
      `Settle cannot start: invalid settings\n${[
        ['ECPAY_EINVOICE_MERCHANT_ID', merchantId],
        ['ECPAY_EINVOICE_HASH_KEY', hashKey],
        ['ECPAY_EINVOICE_HASH_IV', hashIv],
      ]
        .filter(([, value]) => !value)
        .map(([name]) => `  ${name}: required with SETTLE_EINVOICE=ecpay`)
        .join('\n')}`,
    );
  return {
    kind: 'ecpay',
    merchantId,
    hashKey,
    hashIv,
    apiBase: new URL(values.ECPAY_EINVOICE_API_BASE ?? ecpayHosts[values.ECPAY_EINVOICE_SERVER]),
  };
}

function isCidr(text: string): boolean {
  try {
    ipaddr.parseCIDR(text);
    return true;
  } catch {
    return false;
  }
}
