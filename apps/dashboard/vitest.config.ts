import { defineConfig } from 'vitest/config';

/**
 * Unit tests of the pure helpers (node) and browser tests in real headless Chromium against a
 * local worker that serves the built dashboard (test/global-setup.ts starts it).
 */
export default defineConfig({
  test: {
    name: 'dashboard',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Browser assertions poll the page until it shows what they expect (never sleep-and-check).
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
