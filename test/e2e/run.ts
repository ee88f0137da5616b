// `npm run test:e2e`: the browser tests need Debian's Chromium and fonts, and poppler's pdftotext
// (apt-get install chromium fonts-noto-cjk poppler-utils).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './browser.js';

if (!existsSync(chromiumPath)) {
  console.error(
    `Chromium not found at ${chromiumPath}. Install it with: apt-get install -y chromium fonts-noto-cjk`,
  );
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    'test/e2e/settle.e2e.ts',
    'test/e2e/bills.e2e.ts',
    'test/e2e/security.e2e.ts',
    'test/e2e/onboarding.e2e.ts',
    'test/e2e/pages.e2e.ts',
    'test/e2e/keyboard.e2e.ts',
    'test/e2e/three-d-secure.e2e.ts',
    'test/e2e/settle-slow.e2e.ts',
    'test/e2e/new-card-phone.e2e.ts',
    'test/e2e/notifications.e2e.ts',
  ],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
