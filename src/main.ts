import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import { setPasswordCost } from './auth/password.js';
import { ConfigError, readConfig } from './config.js';
import { connect } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { demoPassword, seedDemo } from './demo/seed-demo.js';
import { createEInvoiceIssuer } from './einvoice/create-issuer.js';
import { createGateway } from './gateway/create-gateway.js';
import { SandboxGateway } from './gateway/sandbox/sandbox-gateway.js';
import { buildApp } from './http/app.js';
import { jobLeaseMs, runClaimed } from './jobs/run-claimed.js';
import { settleJobs } from './jobs/settle-jobs.js';
import { startJobs } from './jobs/start-jobs.js';
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
const db = connect({
  databaseUrl: config.databaseUrl,
  dataDir: config.databaseUrl ? undefined : config.dataDir,
});
await migrateToLatest(db);
const secretKey = loadSecretKey({
  fromEnvironment: config.secretKey,
  dataDir: config.databaseUrl ? undefined : config.dataDir,
});
const { gateway, sandbox } = createGateway(db, config.processor, {
  secretKey: secretKey.key,
  publicUrl: config.publicUrl,
  timeoutMs: config.processorTimeoutMs,
});
if (sandbox) sandbox.standingFault = SandboxGateway.parseFault(process.env.SETTLE_SANDBOX_FAULT);
if (sandbox) sandbox.standingRefundFault = SandboxGateway.parseFault(process.env.SETTLE_SANDBOX_REFUND_FAULT);
// Production (SETTLE_DEMO=false, npm run start:prod) starts empty: customers come through the provider API.
// The demo's cards are the sandbox's (the configuration allows the demo only with it).
const signIns = config.demo && sandbox ? await seedDemo({ db, sandbox }) : null;

const einvoiceIssuer = createEInvoiceIssuer(db, config.einvoice, config.einvoiceTimeoutMs);
const mail = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
const app = await buildApp({
  db,
  gateway,
  einvoiceIssuer,
  ...(sandbox ? { sandbox } : {}),
  webRoot: config.webRoot,
  logger: true,
  trustProxy: config.trustProxy,
  secretKey: secretKey.key,
  publicUrl: config.publicUrl,
  mailer: mail ? { transport: mail, from: config.mailFrom } : null,
  webhookAllowedRanges: config.webhookAllowedRanges,
  reauthWindowMs: config.reauthWindowMs,
});
if (sandbox)
  sandbox.onConfirmed = (paymentId, outcome) =>
    app.log.info({ paymentId, outcome: outcome.status }, 'sandbox processor answered a confirm');
// A crash may have left payments pending: settle what the processor knows before serving (one process
// does it; another starting at the same moment goes on). A payment that cannot be reconciled now is
// logged and retried on schedule; it never keeps the server down.
const holder = `${hostname()}:${process.pid}`;
let repaired = 0;
await runClaimed({
  db,
  name: 'reconciliation',
  everyMs: config.reconcileEveryMs,
  leaseMs: jobLeaseMs,
  holder,
  ignoreSchedule: true,
  run: async () => {
    repaired = (
      await reconcilePayments({
        db,
        gateway,
        everyInFlight: true,
        holder,
        log: (message) => app.log.error(message),
      })
    ).examined;
  },
}).then((outcome) => {
  if (outcome.error)
    app.log.error({ err: outcome.error }, 'start-up reconciliation failed; it runs again on schedule');
});
await app.listen({ port: config.port, host: config.host });
// PORT=0 asks the system for a free port (tests do): print the one it gave.
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;

// Renewals and dunning, reconciliation, expiry, email and webhooks: each claimed in the database, so
// any number of processes run them side by side (src/jobs/).
const jobs = startJobs({
  db,
  pollMs: config.workerPollMs,
  holder,
  log: (message, error) => app.log.error({ err: error }, message),
  jobs: settleJobs({
    db,
    gateway,
    einvoiceIssuer,
    mail: mail ? { transport: mail, from: config.mailFrom } : null,
    webhooks: {
      secretKey: secretKey.key,
      timeoutMs: config.webhookTimeoutMs,
      retryBaseMs: config.webhookRetryBaseMs,
      allowedRanges: config.webhookAllowedRanges,
    },
    billingEveryMs: config.jobsEveryMs,
    reconcileEveryMs: config.reconcileEveryMs,
    pollMs: config.workerPollMs,
    holder,
    log: (message) => app.log.error(message),
  }),
});

const lines = [
  '',
  `  Settle admin center: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`,
  `  API docs (OpenAPI):  http://${config.host}:${port}/docs`,
  `  Database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`,
  `  Sealed secrets: ${secretKey.source === 'none' ? 'no SETTLE_SECRET_KEY: authenticator apps cannot be set up' : `key from ${secretKey.source === 'environment' ? 'SETTLE_SECRET_KEY' : `${config.dataDir}/secret.key`}`}`,
  `  Card processor: ${processorLine(config.processor)}`,
  `  Billing emails: ${config.smtpUrl ? 'sent through SMTP_URL' : 'not sent (no SMTP_URL); see Billing notifications in the app'}`,
  `  Ready in ${Math.round(performance.now() - startedAt)} ms${repaired ? `; reconciled ${repaired} payment(s)` : ''}`,
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

// SIGTERM (and Ctrl-C): take no new requests, let the ones in flight and the running jobs finish,
// close the database, exit 0. Work cut short by kill -9 instead is claimed again by another process
// when its lease lapses.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await Promise.all([app.close(), jobs.stop()]);
    await db.destroy();
    process.exit(0);
  });
}

function processorLine(processor: typeof config.processor): string {
  if (processor.kind === 'stripe')
    return `Stripe, ${processor.live ? 'LIVE mode: real cards are charged' : 'test mode'}${processor.apiBase ? ` at ${processor.apiBase.origin}` : ''}`;
  if (processor.kind === 'tappay')
    return `TapPay (${processor.server})${processor.apiBase ? ` at ${processor.apiBase.origin}` : ''}`;
  return 'the built-in sandbox (test cards in the README; no money moves)';
}
