import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { connect, type Db, dumpEmbedded } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { demoPassword, seedDemo } from '../src/demo/seed-demo.js';
import type { PaymentGateway } from '../src/gateway/payment-gateway.js';
import { SandboxGateway } from '../src/gateway/sandbox/sandbox-gateway.js';
import { buildApp } from '../src/http/app.js';
import { checkLedger } from '../src/ledger/check-ledger.js';
import { processorCharges } from '../src/ledger/processor-charges.js';
import { newSecretKeyText, parseSecretKey } from '../src/secrets/seal.js';
import { CallsUnderWay } from './support/calls-under-way.js';
import { type DemoCopy, releaseDemo, takeDemo } from './support/reused-demo.js';

/**
 * A fresh database per test file: in-memory PGlite by default, or a database of its own on the
 * PostgreSQL server named by TEST_DATABASE_URL (dropped afterwards).
 */
export async function createTestDb(
  options: {
    migrate?: boolean /** PGlite in a data folder, as npm start runs it (benchmarks). */;
    onDisk?: boolean;
    /** With the demo seeded (PostgreSQL; on PGlite, createDemoDb loads the demo template). */
    demo?: boolean;
  } = {},
): Promise<{ db: Db; url?: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = options.onDisk ? mkdtempSync(join(tmpdir(), 'settle-pglite-')) : undefined;
    const db = connect({ dataDir });
    if (options.migrate !== false) await migrateToLatest(db);
    return {
      db,
      drop: async () => {
        await db.destroy();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  // A copy of the run's template (test/support/global-setup.ts): migrated, or with the demo too.
  const template =
    options.migrate === false
      ? undefined
      : options.demo
        ? process.env.SETTLE_TEST_PG_DEMO_TEMPLATE
        : process.env.SETTLE_TEST_PG_TEMPLATE;
  const database = await createServerDatabase(serverUrl, template);
  const db = connect({ databaseUrl: database.url, maxConnections: 20 });
  if (options.migrate !== false && !template) await migrateToLatest(db);
  if (options.demo && !template) await seedDemo({ db, sandbox: new SandboxGateway(db) });
  return {
    db,
    url: database.url,
    drop: async () => {
      await db.destroy();
      await database.dropDatabase();
    },
  };
}

/** A database of its own on the PostgreSQL server, empty or a copy of a template, and how to drop it. */
async function createServerDatabase(
  serverUrl: string,
  template: string | undefined,
): Promise<{ url: string; superuser: boolean; dropDatabase: () => Promise<void> }> {
  const name = `settle_test_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  const role = await admin.query('select rolsuper from pg_roles where rolname = current_user');
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    superuser: role.rows[0]?.rolsuper === true,
    dropDatabase: async () => {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  gateway: SandboxGateway;
  close: () => Promise<void>;
  signIn: (email: string) => Promise<Client>;
  /** Every table's rows that matter for "nothing changed", to compare before and after a refusal. */
  snapshot: () => Promise<unknown>;
  ledgerProblems: () => Promise<string[]>;
  /** The processor the app charges through: the sandbox, or another adapter (options.processor). */
  processor: PaymentGateway;
  /** http://127.0.0.1:port when started with listen. */
  url: string | null;
}

export interface Client {
  cookie: string;
  get: (url: string, headers?: Record<string, string>) => Promise<Response>;
  send: (
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body: unknown,
    headers?: Record<string, string>,
  ) => Promise<Response>;
}

export interface Response {
  status: number;
  headers: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answered
  body: any;
}

let demoTemplate: Promise<Blob> | undefined;
/** Seals authenticator secrets in tests, as SETTLE_SECRET_KEY does on a server. */
export const testSecretKey = parseSecretKey(newSecretKeyText());

/**
 * The migrated database with the demo seeded, made once per test file and copied for each test:
 * creating, migrating and seeding PGlite is most of a test's time, loading a copy a fraction of it.
 */
function demoTemplateDump(): Promise<Blob> {
  const made = process.env.SETTLE_TEST_TEMPLATE;
  // The run's template (test/support/global-setup.ts), else one made here for this file.
  if (made && existsSync(made)) demoTemplate ??= Promise.resolve(new Blob([readFileSync(made)]));
  demoTemplate ??= (async () => {
    const db = connect({});
    await migrateToLatest(db);
    await seedDemo({ db, sandbox: new SandboxGateway(db) });
    const dump = await dumpEmbedded(db);
    await db.destroy();
    return dump;
  })();
  return demoTemplate;
}

/**
 * A data folder holding a copy of the demo template, as `npm start` leaves one after its first start:
 * server-process tests start on it without creating, migrating and seeding (PGlite only).
 */
export async function seededDataDir(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'settle-seeded-'));
  const db = connect({ dataDir, loadDataDir: await demoTemplateDump() });
  await db.selectFrom('organizations').select('id').execute();
  await db.destroy();
  return dataDir;
}

/**
 * A database with the demo data as seeded: the worker's demo database with the demo's rows put back
 * (test/support/reused-demo.ts), first copied from the run's template (on PostgreSQL a template
 * database, on PGlite a dump loaded in memory).
 */
async function createDemoDb(): Promise<{ db: Db; drop: (quiet: boolean) => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const db = await takeDemo(async () => {
    if (serverUrl) return serverDemoCopy(serverUrl);
    const loaded = connect({ loadDataDir: await demoTemplateDump() });
    return { open: () => loaded, close: async () => {}, drop: () => loaded.destroy(), reusable: true };
  });
  return { db, drop: (quiet) => releaseDemo(db, quiet) };
}

/** A copy of the run's demo template database; rows are put back only by a superuser (replica role). */
async function serverDemoCopy(serverUrl: string): Promise<DemoCopy> {
  const database = await createServerDatabase(serverUrl, process.env.SETTLE_TEST_PG_DEMO_TEMPLATE);
  return {
    open: () => connect({ databaseUrl: database.url, maxConnections: 20 }),
    close: (db) => db.destroy(),
    drop: database.dropDatabase,
    reusable: database.superuser,
  };
}

export interface TestAppOptions {
  webhookAllowedRanges?: readonly string[];
  /** Another processor's adapter (against its fake) instead of the sandbox; the demo's cards stay the sandbox's. */
  processor?: (db: Db) => PaymentGateway;
  /** Listen on a port of its own (127.0.0.1, port 0), for callers outside the process (a fake's webhooks). */
  listen?: boolean;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { db, drop } = await createDemoDb();
  // Calls still under way when the test ends (a charge past its deadline) keep its database from the next test.
  const calls = new CallsUnderWay();
  const gateway = calls.watch(new SandboxGateway(db));
  // The seed's declined renewals are history; tests count the charges they cause.
  gateway.chargeCalls = 0;
  const processor = options.processor ? calls.watch(options.processor(db)) : gateway;
  const app = await buildApp({
    db,
    gateway: processor,
    ...(options.processor ? {} : { sandbox: gateway }),
    secretKey: testSecretKey,
    ...(options.webhookAllowedRanges !== undefined
      ? { webhookAllowedRanges: options.webhookAllowedRanges }
      : {}),
  });
  const url = options.listen ? await app.listen({ port: 0, host: '127.0.0.1' }) : null;
  await app.ready();

  async function request(
    method: string,
    url: string,
    cookie: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const text = response.body;
    return { status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : null };
  }

  return {
    app,
    db,
    gateway,
    close: async () => {
      await app.close();
      await drop(calls.count === 0);
    },
    signIn: async (email) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email, password: demoPassword },
      });
      if (response.statusCode !== 204) throw new Error(`sign-in failed for ${email}: ${response.body}`);
      const setCookie = String(response.headers['set-cookie']);
      const cookie = setCookie.split(';')[0] ?? '';
      return {
        cookie,
        get: (url, headers) => request('GET', url, cookie, undefined, headers),
        send: (method, url, body, headers = {}) =>
          request(method, url, cookie, body, { 'idempotency-key': `key-${randomUUID()}`, ...headers }),
      };
    },
    snapshot: async () => ({
      payments: await db.selectFrom('payments').select(['id', 'status']).orderBy('id').execute(),
      invoices: await db.selectFrom('invoices').select(['id', 'status']).orderBy('id').execute(),
      ledger: (
        await db.selectFrom('ledger_entries').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()
      ).n,
      cards: await db
        .selectFrom('payment_methods')
        .select(['id', 'exp_month', 'exp_year'])
        .orderBy('id')
        .execute(),
      subscriptions: await db
        .selectFrom('subscriptions')
        .select(['id', 'status', 'payment_method_id'])
        .orderBy('id')
        .execute(),
      audit: (
        await db.selectFrom('audit_log').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()
      ).n,
    }),
    // With another processor, the demo's history is still the sandbox's: both hold charges.
    ledgerProblems: async () =>
      checkLedger({
        db,
        gatewayCharges: [
          ...(await gateway.succeededCharges()),
          ...(processor === gateway ? [] : await processorCharges({ db, gateway: processor })),
        ],
      }),
    processor,
    url,
  };
}

/** Finds a demo subscription by product name within the signed-in organization. */
export async function subscriptionByProduct(client: Client, productName: string) {
  const list = await client.get('/api/subscriptions');
  const found = list.body.items.find((item: { productName: string }) => item.productName === productName);
  if (!found) throw new Error(`no subscription for ${productName}`);
  return found as { id: string; amountDueMinor: number; status: string; currency: string };
}

export async function cardOwnedBy(client: Client, ownerName: string) {
  const cards = (await client.get('/api/payment-methods')).body as { id: string; ownerName: string }[];
  const found = cards.find((card) => card.ownerName === ownerName);
  if (!found) throw new Error(`no card of ${ownerName}`);
  return found;
}

export async function tokenize(
  app: FastifyInstance,
  number: string,
  overrides: Record<string, unknown> = {},
) {
  const response = await app.inject({
    method: 'POST',
    url: '/gateway/v1/tokens',
    payload: {
      number,
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 4,
      cvc: '123',
      name: 'TEST CARD',
      ...overrides,
    },
  });
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

export const premium = 'Contoso Workplace Business Premium';
export const phone = 'Contoso Teams Phone';

/** Waits until a state is reached (polled), failing after a deadline: never a fixed sleep. */
export async function waitFor(condition: () => Promise<boolean>, deadlineMs = 20_000): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`state not reached in ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The setup every API test file shares: a fresh app on the demo data for each test (or, with
 * 'file', one for the whole file), closed afterwards. Use as `const t = setupTestApp();` at the top.
 */
export function setupTestApp(scope: 'test' | 'file' = 'test', options: TestAppOptions = {}): TestApp {
  let current: TestApp | undefined;
  const [before, after] = scope === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = await startTestApp(options);
  });
  after(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as TestApp, {
    get: (_target, key) => {
      if (!current) throw new Error('the test app is only there inside a test');
      return current[key as keyof TestApp];
    },
  });
}

/** A moment this many milliseconds from now, for running reconciliation and jobs "later". */
export const later = (ms: number): Date => new Date(Date.now() + ms);

/**
 * A browser of one person: keeps the session cookie the server sets (a rotated one included), like a
 * real one, for tests of signing in step by step.
 */
export function cookieBrowser(app: FastifyInstance) {
  let cookie = '';
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'idempotency-key': `key-${randomUUID()}` }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const setCookie = response.headers['set-cookie'];
    if (setCookie) cookie = String(setCookie).split(';')[0] ?? '';
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
  };
  return {
    call,
    cookie: () => cookie,
    signIn: (email: string, password = demoPassword) =>
      call('POST', '/api/auth/sign-in', { email, password }),
  };
}

/**
 * A provider API client with a new key of its own: paths are under /api/provider/v1 unless `prefix`
 * says otherwise, and every write carries a fresh Idempotency-Key.
 */
export async function providerClient(
  t: { app: FastifyInstance; db: Db },
  options: { name?: string; scope?: 'read' | 'read_write'; prefix?: string } = {},
) {
  const { createApiKey } = await import('../src/api-keys/create-api-key.js');
  const key = await createApiKey({
    db: t.db,
    name: options.name ?? 'billing-sync',
    scope: options.scope ?? 'read_write',
  });
  const prefix = options.prefix ?? '/api/provider/v1';
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await t.app.inject({
      method: method as 'GET',
      url: `${prefix}${url}`,
      headers: {
        authorization: `Bearer ${key.secret}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'idempotency-key': `key-${randomUUID()}` }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
  };
  return { key, call };
}
