import { defineConfig } from 'vitest/config';

// The same files behind a global setup that throws: no file runs.
export default defineConfig({ test: { include: ['passes.test.ts'], globalSetup: ['./global-setup.ts'] } });
