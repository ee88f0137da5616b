import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect, dumpEmbedded } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { SandboxGateway } from '../../src/gateway/sandbox/sandbox-gateway.js';

/**
 * Once per run, on the embedded database: the migrated database with the demo seeded, dumped to a
 * file that every test file loads its copies from (SETTLE_TEST_TEMPLATE) instead of building its own.
 */
export default async function setup(): Promise<() => void> {
  // The template's hashes at the tests' cost; server processes started by tests inherit it.
  await import('./password-cost.js');
  if (process.env.TEST_DATABASE_URL) return makeServerTemplates(process.env.TEST_DATABASE_URL);
  const fakeNow = process.env.SETTLE_FAKE_NOW;
  const now = fakeNow ? new Date(fakeNow) : new Date();
  const db = connect({});
  await migrateToLatest(db);
  await seedDemo({ db, sandbox: new SandboxGateway(db, () => now), now });
  const dump = await dumpEmbedded(db);
  await db.destroy();
  const dir = mkdtempSync(join(tmpdir(), 'settle-template-'));
  const path = join(dir, 'demo.tar');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  process.env.SETTLE_TEST_TEMPLATE = path;
  return () => rmSync(dir, { recursive: true, force: true });
}

/**
 * On PostgreSQL, two template databases made once per run: migrated, and migrated with the demo. Each
 * test's database is a copy of one (CREATE DATABASE … TEMPLATE), not migrated and seeded anew.
 */
async function makeServerTemplates(serverUrl: string): Promise<() => Promise<void>> {
  const fakeNow = process.env.SETTLE_FAKE_NOW;
  const now = fakeNow ? new Date(fakeNow) : new Date();
  const stem = `settle_template_${process.pid}_${Date.now()}`;
  const names = { migrated: `${stem}_migrated`, demo: `${stem}_demo` };
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  for (const [kind, name] of Object.entries(names)) {
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const db = connect({ databaseUrl: url.toString() });
    await migrateToLatest(db);
    if (kind === 'demo') await seedDemo({ db, sandbox: new SandboxGateway(db, () => now), now });
    await db.destroy();
  }
  await admin.end();
  process.env.SETTLE_TEST_PG_TEMPLATE = names.migrated;
  process.env.SETTLE_TEST_PG_DEMO_TEMPLATE = names.demo;
  return async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    for (const name of Object.values(names))
      await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  };
}
