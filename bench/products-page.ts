// npm run bench:products: the Your products API for an organization with 10,000 subscriptions.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { SandboxGateway } from '../src/gateway/sandbox/sandbox-gateway.js';
import { buildApp } from '../src/http/app.js';
import { chromiumPath } from '../test/e2e/browser.js';
import { createTestDb } from '../test/harness.js';
import { describeMachine } from './machine.js';
import { firstPageJsGzipBytes, measurePageLoads } from './page-load.js';
import { percentile } from './stats.js';

const { values } = parseArgs({
  options: { subscriptions: { type: 'string' }, small: { type: 'boolean', default: false } },
});
const count = Number(values.subscriptions ?? (values.small ? 1_000 : 10_000));
const requests = values.small ? 40 : 200;
const database = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
console.log(
  `Your-products bench on ${database}: one organization, ${count.toLocaleString('en-US')} subscriptions`,
);

const { db, drop } = await createTestDb({ onDisk: true });
console.log(await describeMachine(db));
await sql`insert into products (id, name, description) values ('p', 'Bench Suite', 'benchmark')`.execute(db);
await sql`insert into prices (product_id, currency, billing_frequency, unit_amount_minor) values ('p', 'USD', 'monthly', 1250)`.execute(
  db,
);
await sql`insert into organizations (id, name, currency, locale) values ('big', 'Big Org', 'USD', 'en-US')`.execute(
  db,
);
await sql`insert into users (id, organization_id, email, display_name, password_hash, role) values ('admin', 'big', 'admin@big.test', 'Admin', 'x', 'global_admin')`.execute(
  db,
);
await sql`insert into subscriptions (id, organization_id, product_id, licenses, billing_frequency, status, current_period_start, current_period_end, billing_anchor_day, created_at)
  select gen_random_uuid()::text, 'big', 'p', 1 + g % 40, 'monthly', case when g % 10 = 0 then 'expired' else 'active' end,
    current_date - 10, current_date + 20, extract(day from current_date - 10)::int, now() - make_interval(secs => g)
  from generate_series(1, ${count}::int) g`.execute(db);
// Every tenth subscription owes one invoice, with its ledger entries.
await sql`insert into invoices (id, organization_id, subscription_id, number, currency, amount_minor, status, issued_on, due_on, period_start, period_end)
  select gen_random_uuid()::text, 'big', id, 'B-' || row_number() over (), 'USD', 25000, 'open', current_date, current_date, current_date - 10, current_date + 20
  from subscriptions where organization_id = 'big' and status = 'expired'`.execute(db);
await sql`insert into ledger_entries (organization_id, journal_id, account, amount_minor, currency, subscription_id, invoice_id)
  select 'big', 'j-' || id, a.account, a.sign * amount_minor, 'USD', subscription_id, id
  from invoices, (values ('receivable', 1), ('revenue', -1)) as a(account, sign) where organization_id = 'big'`.execute(
  db,
);
await sql`analyze`.execute(db);
const token = 'bench-products-session';
await db
  .insertInto('sessions')
  .values({
    token_hash: createHash('sha256').update(token).digest('hex'),
    user_id: 'admin',
    organization_id: 'big',
    expires_at: new Date(Date.now() + 3_600_000),
  })
  .execute();
const webRoot = resolve('web/dist');
const app = await buildApp({ db, gateway: new SandboxGateway(db), webRoot });
const address = await app.listen({ port: 0, host: '127.0.0.1' });

async function measure(label: string, target: string) {
  const latencies: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const response = await fetch(`${address}${target}`, { headers: { cookie: `settle_session=${token}` } });
    await response.arrayBuffer();
    latencies.push(performance.now() - t0);
    if (!response.ok) throw new Error(`${label}: ${response.status}`);
  }
  const p = (fraction: number) => percentile(latencies, fraction).toFixed(1);
  console.log(
    `${label.padEnd(34)} p50 ${p(0.5).padStart(6)} ms  p99 ${p(0.99).padStart(6)} ms  (${requests} requests)`,
  );
}

await measure('GET /api/subscriptions (first 50)', '/api/subscriptions?limit=50');
// A page deep in the list, reached by its cursor as the Show more button does.
let deepCursor = '';
let next: string | null = null;
for (let page = 0; page < Math.min(20, Math.floor(count / 50) - 1); page++) {
  const body = (await (
    await fetch(`${address}/api/subscriptions?limit=50${next ? `&after=${next}` : ''}`, {
      headers: { cookie: `settle_session=${token}` },
    })
  ).json()) as { nextCursor: string | null };
  next = body.nextCursor;
  if (next) deepCursor = next;
}
await measure('GET /api/subscriptions (page 20)', `/api/subscriptions?limit=50&after=${deepCursor}`);
await measure('GET /api/billing/summary', '/api/billing/summary');

// The page itself, as a person opens it: the production build (npm run build:web) in Chromium.
if (!existsSync(join(webRoot, 'index.html')))
  throw new Error('web/dist is missing: run npm run build:web first');
const bundle = firstPageJsGzipBytes(webRoot);
console.log(
  `first page's JavaScript: ${(bundle.gzipBytes / 1024).toFixed(0)} kB gzip (${(bundle.rawBytes / 1024).toFixed(0)} kB raw, ${bundle.files} file${bundle.files === 1 ? '' : 's'})`,
);
// The page in the browser does not depend on the database: CI's small runs time it once, on PGlite.
if (values.small && process.env.TEST_DATABASE_URL)
  console.log('Your products in Chromium: timed in the small run on embedded PGlite.');
else if (existsSync(chromiumPath)) {
  for (const cpuSlowdown of [1, 4]) {
    const loads = await measurePageLoads({
      origin: address,
      path: '/billing/products',
      cookie: { name: 'settle_session', value: token },
      readySelector: '[data-testid="subscription-row"]',
      runs: values.small ? 1 : 7,
      cpuSlowdown,
    });
    const firstRow = loads.map((load) => load.firstRowMs);
    const interactive = loads.map((load) => load.interactiveMs);
    console.log(
      `Your products in Chromium, cold, CPU ${cpuSlowdown === 1 ? 'as is' : `${cpuSlowdown}× slower`}: first row ${percentile(firstRow, 0.5).toFixed(0)} ms, interactive ${percentile(interactive, 0.5).toFixed(0)} ms median; worst ${percentile(interactive, 1).toFixed(0)} ms (${loads.length} loads)`,
    );
  }
} else console.log(`Chromium not found at ${chromiumPath}: time to interactive not measured.`);
await app.close();
await drop();
