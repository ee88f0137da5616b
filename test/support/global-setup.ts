import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, dumpEmbedded } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { SandboxGateway } from '../../src/gateway/sandbox-gateway.js';

/**
 * Once per run, on the embedded database: the migrated database with the demo seeded, dumped to a
 * file that every test file loads its copies from (SETTLE_TEST_TEMPLATE) instead of building its own.
 */
export default async function setup(): Promise<() => void> {
  // The template's hashes at the tests' cost; server processes started by tests inherit it.
  await import('./password-cost.js');
  if (process.env.TEST_DATABASE_URL) return () => {};
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
