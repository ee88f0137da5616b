// npm run bench [-- --orgs 3000 --small]: settle throughput and latency, through HTTP and without it.
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { Actor } from '../src/auth/actor.js';
import { checkLedger } from '../src/billing/check-ledger.js';
import { SandboxGateway } from '../src/gateway/sandbox-gateway.js';
import { buildApp } from '../src/http/app.js';
import { settleBalance } from '../src/payments/settle-balance.js';
import { createTestDb } from '../test/harness.js';
import { type BenchAccount, seedPastDue } from './seed-past-due.js';

const { values } = parseArgs({
  options: { orgs: { type: 'string' }, small: { type: 'boolean', default: false } },
});
const concurrencies = [1, 8, 32];
const perRun = Number(values.orgs ?? (values.small ? 60 : 600));
const database = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';

console.log(
  `Settle bench on ${database}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
const { db, drop } = await createTestDb();
const gateway = new SandboxGateway(db);
const accounts = await seedPastDue(db, perRun * concurrencies.length * 2);
const app = await buildApp({ db, gateway });
const address = await app.listen({ port: 0, host: '127.0.0.1' });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(
  label: string,
  batch: BenchAccount[],
  concurrency: number,
  settle: (a: BenchAccount) => Promise<boolean>,
) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < batch.length; index = next++) {
        const account = batch[index] as BenchAccount;
        const t0 = performance.now();
        if (!(await settle(account))) errors++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const rate = batch.length / seconds;
  console.log(
    `${label.padEnd(26)} c=${String(concurrency).padStart(2)}  ${rate.toFixed(0).padStart(5)} settlements/s  p50 ${percentile(latencies, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(latencies, 99).toFixed(1).padStart(6)} ms  errors ${errors}`,
  );
  return rate;
}

const viaHttp = async (account: BenchAccount) => {
  const response = await fetch(`${address}/api/subscriptions/${account.subscriptionId}/settle`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `settle_session=${account.sessionToken}`,
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({
      expectedAmountMinor: account.amountMinor,
      card: { kind: 'existing', paymentMethodId: account.paymentMethodId },
    }),
  });
  await response.arrayBuffer();
  return response.status === 200;
};

const direct = async (account: BenchAccount) => {
  const actor: Actor = {
    userId: account.userId,
    organizationId: account.organizationId,
    role: 'billing_admin',
    savedLocale: 'en-US',
    organizationLocale: 'en-US',
    displayName: 'Admin',
    email: '',
  };
  const payment = await settleBalance({
    db,
    gateway,
    actor,
    subscriptionId: account.subscriptionId,
    card: { kind: 'existing', paymentMethodId: account.paymentMethodId },
    expectedAmountMinor: BigInt(account.amountMinor),
  });
  return payment.status === 'succeeded';
};

let offset = 0;
for (const concurrency of concurrencies) {
  const apiRate = await measure(
    'settle via HTTP API',
    accounts.slice(offset, offset + perRun),
    concurrency,
    viaHttp,
  );
  offset += perRun;
  const limitRate = await measure(
    'settle use case, no HTTP',
    accounts.slice(offset, offset + perRun),
    concurrency,
    direct,
  );
  offset += perRun;
  console.log(`${''.padEnd(26)} ratio API / no-HTTP: ${(apiRate / limitRate).toFixed(2)}`);
}

const problems = await checkLedger({ db, gatewayCharges: await gateway.succeededCharges() });
console.log(
  problems.length ? `LEDGER PROBLEMS:\n${problems.join('\n')}` : 'Ledger checked after the run: sound.',
);
await app.close();
await drop();
if (problems.length) process.exit(1);
