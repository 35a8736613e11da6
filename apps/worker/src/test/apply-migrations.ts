import { applyD1Migrations, type D1Migration, env } from 'cloudflare:test';

declare global {
  namespace Cloudflare {
    interface Env {
      /** test-only binding set in vitest.config.ts */
      TEST_MIGRATIONS: D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import('../index.ts');
    }
  }
}

// Only migrations not yet applied run, so this is safe in every test file.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
