// npm run bench:settle [-- --orgs 600 --small]: settle throughput and latency through the HTTP API,
// beside two limits: the same use case without HTTP, and the same SQL straight through the driver.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Actor } from '../src/auth/actor.js';
import { SandboxGateway } from '../src/gateway/sandbox/sandbox-gateway.js';
import { buildApp } from '../src/http/app.js';
import { checkLedger } from '../src/ledger/check-ledger.js';
import { settleBalance } from '../src/payments/settle-balance.js';
import { createTestDb } from '../test/harness.js';
import type { LoadPlan, LoadResult } from './load-generator.js';
import { describeMachine } from './machine.js';
import { hasPgbench, runPgbench } from './pgbench.js';
import { pgDriver, pgliteDriver, rawSettle } from './raw-settle.js';
import { type BenchAccount, seedPastDue } from './seed-past-due.js';
import { percentile } from './stats.js';

const { values } = parseArgs({
  options: {
    orgs: { type: 'string' },
    clients: { type: 'string' },
    small: { type: 'boolean', default: false },
  },
});
const concurrencies = values.clients ? values.clients.split(',').map(Number) : [1, 8, 32];
// --small (CI) only proves every line still runs: its figures are too short to quote.
const perRun = Number(values.orgs ?? (values.small ? 30 : 600));
const warmup = values.small ? 5 : 50;
const serverUrl = process.env.TEST_DATABASE_URL;
const poolSize = 20;

const { db, url, drop } = await createTestDb({ onDisk: true });
console.log(
  `Settle bench on ${serverUrl ? 'PostgreSQL' : 'embedded PGlite'}, ${perRun} settlements per line`,
);
console.log(await describeMachine(db));
const gateway = new SandboxGateway(db);
const accounts = await seedPastDue(db, (perRun + warmup) * concurrencies.length * 3);
const app = await buildApp({ db, gateway });
const origin = await app.listen({ port: 0, host: '127.0.0.1' });
const raw = url ? pgDriver(url, poolSize) : pgliteDriver(db);
const work = mkdtempSync(join(tmpdir(), 'settle-bench-'));
let taken = 0;
function take(count: number): BenchAccount[] {
  taken += count;
  return accounts.slice(taken - count, taken);
}

interface Figures {
  rate: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

function summarize(seconds: number, latencies: number[], errors: number): Figures {
  return {
    rate: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: percentile(latencies, 1),
    errors,
  };
}

async function viaHttp(batch: BenchAccount[], warm: BenchAccount[], concurrency: number): Promise<Figures> {
  const request = (account: BenchAccount) => ({
    path: `/api/subscriptions/${account.subscriptionId}/settle`,
    cookie: `settle_session=${account.sessionToken}`,
    body: JSON.stringify({
      expectedAmountMinor: account.amountMinor,
      card: { kind: 'existing', paymentMethodId: account.paymentMethodId },
    }),
  });
  const planFile = join(work, `plan-${concurrency}.json`);
  const plan: LoadPlan = { origin, concurrency, warmup: warm.map(request), requests: batch.map(request) };
  writeFileSync(planFile, JSON.stringify(plan));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-generator.ts', planFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  const result = JSON.parse(output) as LoadResult;
  for (const failure of result.failures.slice(0, 3)) console.log(`  failed: ${failure}`);
  return summarize(result.seconds, result.latencies, result.failures.length);
}

async function inProcess(
  batch: BenchAccount[],
  warm: BenchAccount[],
  concurrency: number,
  settle: (account: BenchAccount) => Promise<boolean>,
): Promise<Figures> {
  for (const account of warm) await settle(account);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < batch.length; index = next++) {
        const t0 = performance.now();
        const ok = await settle(batch[index] as BenchAccount).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  return summarize((performance.now() - started) / 1000, latencies, errors);
}

const useCase = async (account: BenchAccount) => {
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

const line = (label: string, concurrency: number, f: Figures) =>
  console.log(
    `${label.padEnd(24)} c=${String(concurrency).padStart(2)}  ${f.rate.toFixed(0).padStart(5)} settlements/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms  max ${f.max.toFixed(0).padStart(5)} ms  errors ${f.errors}`,
  );

const table: string[] = [];
for (const concurrency of concurrencies) {
  const rawFigures = await inProcess(take(perRun), take(warmup), concurrency, (a) => rawSettle(raw, a));
  line('raw SQL (the limit)', concurrency, rawFigures);
  const useCaseFigures = await inProcess(take(perRun), take(warmup), concurrency, useCase);
  line('use case, no HTTP', concurrency, useCaseFigures);
  const apiFigures = await viaHttp(take(perRun), take(warmup), concurrency);
  line('HTTP API', concurrency, apiFigures);
  const ratio = apiFigures.rate / rawFigures.rate;
  console.log(`${''.padEnd(24)} ratio API / raw SQL: ${ratio.toFixed(2)}`);
  table.push(
    `| ${concurrency} | ${apiFigures.rate.toFixed(0)} | ${apiFigures.p50.toFixed(1)} / ${apiFigures.p99.toFixed(1)} ms | ${useCaseFigures.rate.toFixed(0)} | ${rawFigures.rate.toFixed(0)} | ${rawFigures.p50.toFixed(1)} / ${rawFigures.p99.toFixed(1)} ms | ${ratio.toFixed(2)} | ${apiFigures.errors + useCaseFigures.errors + rawFigures.errors} |`,
  );
}
console.log(
  '\n| clients | API /s | API p50 / p99 | use case /s | raw SQL /s | raw p50 / p99 | API / raw | errors |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of table) console.log(row);

const problems = await checkLedger({ db, gatewayCharges: await gateway.succeededCharges() });
console.log(
  problems.length ? `LEDGER PROBLEMS:\n${problems.join('\n')}` : '\nLedger checked after the run: sound.',
);
await raw.close();
await app.close();
await drop();
rmSync(work, { recursive: true, force: true });

if (serverUrl) {
  if (!hasPgbench()) console.log('pgbench is not installed: PostgreSQL’s own TPC-B figure is not measured.');
  else {
    // Small (CI): a second on a scale-1 database, only to show the line still runs.
    const seconds = values.small ? 1 : 20;
    const scale = values.small ? 1 : 10;
    const result = await runPgbench({ serverUrl, clients: 8, threads: 2, seconds, scale });
    console.log(
      `pgbench -c 8 -j 2 -T ${seconds} (TPC-B, scale ${scale}): ${result.tps.toFixed(0)} tps, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, failed ${result.failed}`,
    );
  }
}
if (problems.length) process.exit(1);
