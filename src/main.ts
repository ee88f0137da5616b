import nodemailer from 'nodemailer';
import { setReauthenticationWindow } from './auth/assert-recently-authenticated.js';
import { setPasswordCost } from './auth/password.js';
import { runBillingJobs } from './billing/run-billing-jobs.js';
import { ConfigError, readConfig } from './config.js';
import { connect } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { demoPassword, seedDemo } from './demo/seed-demo.js';
import { SandboxGateway } from './gateway/sandbox-gateway.js';
import { buildApp } from './http/app.js';
import { purgeExpiredIdempotencyKeys } from './http/idempotency.js';
import { sendPendingNotifications } from './notifications/send-pending-notifications.js';
import { setChargeDeadline } from './payments/deadlines.js';
import { reconcilePayments } from './payments/reconcile-payments.js';
import { loadSecretKey } from './secrets/load-secret-key.js';

const startedAt = performance.now();
const config = (() => {
  try {
    return readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
})();
setChargeDeadline(config.chargeDeadlineMs);
setPasswordCost(config.scryptLog2N);
setReauthenticationWindow(config.reauthWindowMs);
const db = connect({
  databaseUrl: config.databaseUrl,
  dataDir: config.databaseUrl ? undefined : config.dataDir,
});
await migrateToLatest(db);
const gateway = new SandboxGateway(db);
gateway.standingFault = SandboxGateway.parseFault(process.env.SETTLE_SANDBOX_FAULT);
// Production (SETTLE_DEMO=false, npm run start:prod) starts empty: customers come through the provider API.
const signIns = config.demo ? await seedDemo({ db, sandbox: gateway }) : null;
const secretKey = loadSecretKey({
  fromEnvironment: config.secretKey,
  dataDir: config.databaseUrl ? undefined : config.dataDir,
});

const mail = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
const app = await buildApp({
  db,
  gateway,
  sandbox: gateway,
  webRoot: config.webRoot,
  logger: true,
  trustProxy: config.trustProxy,
  secretKey: secretKey.key,
  publicUrl: config.publicUrl,
  mailer: mail ? { transport: mail, from: config.mailFrom } : null,
});
gateway.onConfirmed = (paymentId, outcome) =>
  app.log.info({ paymentId, outcome: outcome.status }, 'sandbox processor answered a confirm');
// A crash may have left payments pending: settle what the processor knows before serving. A payment
// that cannot be reconciled now is logged and retried on schedule; it never keeps the server down.
const repaired = await reconcilePayments({
  db,
  gateway,
  everyInFlight: true,
  log: (message) => app.log.error(message),
}).catch((error: unknown) => {
  app.log.error({ err: error }, 'start-up reconciliation failed; it runs again on schedule');
  return { examined: 0 };
});
await app.listen({ port: config.port, host: config.host });
// PORT=0 asks the system for a free port (tests do): print the one it gave.
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;

const timer = setInterval(() => {
  reconcilePayments({ db, gateway, log: (message) => app.log.error(message) })
    .then(() => purgeExpiredIdempotencyKeys(db))
    .then(() => (mail ? sendPendingNotifications({ db, transport: mail, from: config.mailFrom }) : null))
    .catch((error: unknown) => app.log.error({ err: error }, 'reconciliation failed'));
}, config.reconcileEveryMs);

// Renewals and dunning: once now (the server may have been down when they were due), then on schedule.
let jobsRunning = false;
const runJobs = () => {
  if (jobsRunning) return;
  jobsRunning = true;
  runBillingJobs({ db, gateway })
    .then((result) => app.log.info(result, 'billing jobs ran'))
    .catch((error: unknown) => app.log.error({ err: error }, 'billing jobs failed'))
    .finally(() => {
      jobsRunning = false;
    });
};
const jobsTimer = config.jobsEveryMs > 0 ? setInterval(runJobs, config.jobsEveryMs) : undefined;
if (config.jobsEveryMs > 0) runJobs();

const lines = [
  '',
  `  Settle admin center: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`,
  `  API docs (OpenAPI):  http://${config.host}:${port}/docs`,
  `  Database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`,
  `  Sealed secrets: ${secretKey.source === 'none' ? 'no SETTLE_SECRET_KEY: authenticator apps cannot be set up' : `key from ${secretKey.source === 'environment' ? 'SETTLE_SECRET_KEY' : `${config.dataDir}/secret.key`}`}`,
  `  Billing emails: ${config.smtpUrl ? 'sent through SMTP_URL' : 'not sent (no SMTP_URL); see Billing notifications in the app'}`,
  `  Ready in ${Math.round(performance.now() - startedAt)} ms${repaired.examined ? `; reconciled ${repaired.examined} payment(s)` : ''}`,
];
if (signIns) {
  lines.push('', `  Demo sign-ins (password for all: ${demoPassword}):`);
  for (const signIn of signIns)
    lines.push(`    ${signIn.email.padEnd(22)} ${signIn.role.padEnd(14)} ${signIn.organization}`);
} else if (config.demo) {
  // The password is printed only when the demo was just created: a later start may be a real one.
  lines.push(
    '',
    '  Demo data present: mei@contoso.tw, kevin@contoso.tw, alex@fabrikam.com, … (see the README)',
  );
} else {
  lines.push(
    '',
    '  No demo data (SETTLE_DEMO=false): add customers with the provider API (npm run keys, README)',
  );
}
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    clearInterval(timer);
    clearInterval(jobsTimer);
    await app.close();
    await db.destroy();
    process.exit(0);
  });
}
