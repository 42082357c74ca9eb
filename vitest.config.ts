import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    // Many integration tests wait on child processes (the real worker, the migration race) and local servers
    // rather than use the CPU: four forks on two cores took the suite from 181 s to 110 s here, all passing.
    poolOptions: { forks: { maxForks: 4, minForks: 1 } },
  },
});
