import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from './server-process.js';

const run = promisify(execFile);

// The README's operators' commands, exactly as written there, on the embedded database that
// `npm start` created (stopped first, as the README says: PGlite belongs to one process).
describe('the operators’ commands', () => {
  let dataDir: string;
  const env = () => ({ ...process.env, SETTLE_DATA_DIR: dataDir, DATABASE_URL: '' });
  const npm = (script: string) => run('npm', ['run', '--silent', script], { env: env(), timeout: 120_000 });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'settle-operator-'));
    const server = await startServerProcess({ dataDir });
    await server.stop();
  }, 120_000);
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('npm run reconcile prints its summary and exits 0 when every payment was reconciled', async () => {
    const { stdout } = await npm('reconcile');
    expect(stdout).toMatch(
      /Reconciled \d+ payment\(s\): \d+ succeeded, \d+ failed, \d+ still unknown, 0 error\(s\); \d+ unrecorded charge\(s\) refunded\./,
    );
  }, 120_000);

  it('npm run check:ledger finds the demo books sound', async () => {
    const { stdout } = await npm('check:ledger');
    expect(stdout).toContain('Ledger OK');
  }, 120_000);

  it('npm run billing renews what is due and runs dunning once', async () => {
    const { stdout } = await npm('billing');
    expect(stdout).toMatch(/^Billing: \d+ invoice\(s\) issued/m);
    // The books stay sound after a billing run.
    expect((await npm('check:ledger')).stdout).toContain('Ledger OK');
  }, 120_000);
});
