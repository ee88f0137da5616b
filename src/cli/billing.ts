// npm run billing: renew every subscription whose period ended, charge them, and run dunning, once.
import { hostname } from 'node:os';
import { sql } from 'kysely';
import { runBillingJobs } from '../billing/run-billing-jobs.js';
import { readConfig } from '../config.js';
import { jobLeaseMs, runClaimed } from '../jobs/run-claimed.js';
import { openDatabase } from './open-database.js';
import { openGateway } from './open-gateway.js';

const db = await openDatabase();
const gateway = openGateway(db, readConfig());
const due = await sql<{ count: string }>`
  select count(*) as count from subscriptions
  where current_period_end <= current_date and status in ('active', 'expired') and recurring_billing`.execute(
  db,
);
const total = Math.max(1, Number(due.rows[0]?.count ?? 0));
const started = performance.now();
const bar = (done: number) => {
  const width = 30;
  const filled = Math.min(width, Math.round((done / total) * width));
  return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done.toLocaleString('en-US')} invoices`;
};
// The same claim as the servers' scheduled run: never two runs at once, whoever started them.
let result: Awaited<ReturnType<typeof runBillingJobs>> | undefined;
const outcome = await runClaimed({
  db,
  name: 'renewals-and-dunning',
  everyMs: 0,
  leaseMs: jobLeaseMs,
  holder: `${hostname()}:${process.pid} (npm run billing)`,
  ignoreSchedule: true,
  run: async () => {
    result = await runBillingJobs({
      db,
      gateway,
      onProgress: (report) => process.stderr.write(`\r${bar(report.invoicesIssued)}`),
    });
  },
});
process.stderr.write('\n');
if (!result) {
  console.error(
    outcome.ran
      ? `Billing failed: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`
      : `Renewals and dunning are running now in ${outcome.heldBy ?? 'another process'}; nothing was done.`,
  );
  await db.destroy();
  process.exit(1);
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `Billing: ${result.billing.invoicesIssued} invoice(s) issued, ${result.billing.charged} charged, ${result.billing.declined} declined, ` +
    `${result.billing.unknown} unknown, in ${seconds.toFixed(1)} s. Dunning: ${result.dunning.transitions} status change(s), ` +
    `${result.dunning.retries} retr${result.dunning.retries === 1 ? 'y' : 'ies'}, ${result.dunning.recovered} recovered. ` +
    `Card expiry reminders: ${result.cardReminders}.`,
);
if (result.billing.unbillable > 0)
  console.error(
    `${result.billing.unbillable} subscription(s) not renewed: their amount is past the largest Settle bills; lower their licenses or price.`,
  );
await db.destroy();
