import { defineConfig } from 'vitest/config';

// Tests of the repository's own tooling; __fixtures__ holds test files that are run, not collected.
export default defineConfig({
  test: {
    name: 'scripts',
    include: ['*.test.ts'],
    testTimeout: 60_000,
  },
});
