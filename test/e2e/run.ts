// `npm run test:e2e`: the browser tests need Debian's Chromium and fonts, and poppler's pdftotext
// (apt-get install chromium fonts-noto-cjk poppler-utils).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testChromiumPath } from './browser.js';
import { seedTemplate } from './seed-template.js';

if (!existsSync(testChromiumPath)) {
  console.error(
    `Chromium not found at ${testChromiumPath}. Install it with: apt-get install -y chromium chromium-headless-shell fonts-noto-cjk`,
  );
  process.exit(1);
}
console.log(`# browser: ${testChromiumPath}`);
// Sign-ins hash at the tests' cost (2^14, the floor the server accepts; test/security.test.ts checks
// the default): at OWASP's, every sign-in and the demo's seeding spend seconds on scrypt testing nothing.
process.env.SETTLE_SCRYPT_LOG2N ??= '14';
// Every suite's server starts from one seeded data folder, made here by the real server once (npm
// start's migrations and demo), instead of migrating and seeding ten times; or made ahead by CI
// (test/e2e/seed-template.ts, beside other work) and named in SETTLE_E2E_TEMPLATE.
const madeHere = !process.env.SETTLE_E2E_TEMPLATE;
const template = process.env.SETTLE_E2E_TEMPLATE ?? mkdtempSync(join(tmpdir(), 'settle-e2e-template-'));
if (madeHere) await seedTemplate(template);
process.env.SETTLE_E2E_TEMPLATE = template;
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    // Two suites at a time, each with its own server, data folder and Chromium: one core each.
    `--test-concurrency=${process.env.SETTLE_E2E_CONCURRENCY ?? '2'}`,
    'test/e2e/pages.e2e.ts',
    'test/e2e/three-d-secure.e2e.ts',
    'test/e2e/security.e2e.ts',
    'test/e2e/keyboard.e2e.ts',
    'test/e2e/settle.e2e.ts',
    'test/e2e/settle-slow.e2e.ts',
    'test/e2e/bills.e2e.ts',
    'test/e2e/einvoice.e2e.ts',
    'test/e2e/onboarding.e2e.ts',
    'test/e2e/new-card-phone.e2e.ts',
    'test/e2e/notifications.e2e.ts',
    'test/e2e/admin-polish.e2e.ts',
  ],
  {
    stdio: 'inherit',
  },
);
if (madeHere) rmSync(template, { recursive: true, force: true });
process.exit(result.status ?? 1);
