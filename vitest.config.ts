import { defineConfig } from 'vitest/config';

// `npm test`: every workspace's tests in one run (the worker's inside workerd).
export default defineConfig({
  test: {
    projects: ['packages/shared', 'apps/worker', 'apps/runner', 'apps/dashboard', 'scripts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
