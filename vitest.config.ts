import { defineConfig } from 'vitest/config';
import SlowFirst from './test/support/slow-first.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    setupFiles: ['test/support/fake-clock.ts', 'test/support/password-cost.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Each worker imports the app once for all its files instead of once per file (~2 s of CPU each:
    // fastify, zod, stripe, pdfkit…): the embedded suite went from 569 s to 256 s on 2 cores. Tests
    // put back what they change (fake timers, the password cost); module state is settings and caches.
    isolate: false,
    // On PGlite a test file works the CPU (the database is in it): one per core. On PostgreSQL files
    // mostly wait (on the server, on server processes they start, on deadlines of fault cases): four
    // at a time took the suite from 5 min 5 s to 4 min 5 s on 2 cores.
    maxWorkers: process.env.TEST_DATABASE_URL ? 4 : 2,
    sequence: { sequencer: SlowFirst },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
