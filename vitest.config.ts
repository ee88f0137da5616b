import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    setupFiles: ['test/support/fake-clock.ts', 'test/support/password-cost.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Both cores: most of a test file's time is its own database (PGlite) or server processes.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
