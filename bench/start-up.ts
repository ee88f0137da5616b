// npm run bench:startup: from `npm start` to the first page served, on the embedded database: a fresh
// data folder (the database created, migrated and seeded) and then restarts on the same folder. The
// web build is up to date (prestart skips it then); `npm run build:web` times it on its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine } from './machine.js';

const { values } = parseArgs({
  options: { small: { type: 'boolean', default: false }, port: { type: 'string', default: '3461' } },
});
const restarts = values.small ? 1 : 3;
const origin = `http://127.0.0.1:${values.port}`;
console.log('Start-up bench: npm start to the first page served (GET /billing/products)');
console.log(await describeMachine());

async function timeStart(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, PORT: values.port, SETTLE_DATA_DIR: dataDir, SETTLE_JOBS_EVERY_MS: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      const page = await fetch(`${origin}/billing/products`).catch(() => null);
      if (page?.ok && (await page.text()).includes('<div id="root">')) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    // npm, tsx and node: the whole process group goes.
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'settle-startup-'));
try {
  const fresh = await timeStart(join(dataDir, 'data'));
  console.log(`fresh data folder (create, migrate, seed)  ${(fresh / 1000).toFixed(2)} s`);
  for (let i = 0; i < restarts; i++) {
    const again = await timeStart(join(dataDir, 'data'));
    console.log(`existing data folder (restart)             ${(again / 1000).toFixed(2)} s`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
