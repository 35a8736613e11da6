import { defineConfig } from 'vitest/config';

// A tiny run for scripts/summary-reporter.test.ts: one file of each outcome.
export default defineConfig({ test: { include: ['*.test.ts'] } });
