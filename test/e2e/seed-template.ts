// npx tsx test/e2e/seed-template.ts <folder>: the seeded data folder every browser-test suite's server
// starts from, made by the real server (npm start's migrations and demo). test/e2e/run.ts makes one
// unless SETTLE_E2E_TEMPLATE names a folder made ahead (CI makes it beside the fake-clock tests).
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startServerProcess } from '../server-process.js';

export async function seedTemplate(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  // The demo's passwords hashed at the browser tests' cost (test/e2e/run.ts).
  const seeding = await startServerProcess({
    dataDir,
    env: { SETTLE_SCRYPT_LOG2N: process.env.SETTLE_SCRYPT_LOG2N ?? '14' },
  });
  await seeding.stop();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: npx tsx test/e2e/seed-template.ts <folder>');
  await seedTemplate(dataDir);
}
