import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { ensureDashboardDist } from '../../scripts/lib/dashboard-dist.ts';

const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig(async () => {
  // wrangler.toml points [assets] at the dashboard build, which must exist.
  ensureDashboardDist();
  // The real migrations in drizzle/, applied to a fresh local D1 by test/apply-migrations.ts.
  const migrations = await readD1Migrations(path.join(root, 'drizzle'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: path.join(root, 'wrangler.toml') },
        miniflare: { bindings: { TEST_MIGRATIONS: migrations } },
      }),
    ],
    test: {
      name: 'worker',
      include: ['src/**/*.test.ts'],
      setupFiles: ['./src/test/apply-migrations.ts'],
    },
  };
});
