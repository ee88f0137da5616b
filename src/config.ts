import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  webRoot: string;
  reconcileEveryMs: number;
  /** How often renewals and dunning run; 0 turns the schedule off (npm run billing runs them by hand). */
  jobsEveryMs: number;
  /** smtp://user:password@host:587 to email billing notifications; unset, they stay in the in-app inbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.SETTLE_DATA_DIR ?? './data'),
    webRoot: resolve(env.SETTLE_WEB_ROOT ?? './web/dist'),
    reconcileEveryMs: Number(env.SETTLE_RECONCILE_EVERY_MS ?? 30_000),
    jobsEveryMs: Number(env.SETTLE_JOBS_EVERY_MS ?? 3_600_000),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.SETTLE_MAIL_FROM ?? 'Settle Billing <billing@settle.localhost>',
  };
}
