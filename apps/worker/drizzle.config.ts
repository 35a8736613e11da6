import { defineConfig } from 'drizzle-kit';

// Run from the repository root: `npm run db:generate` writes SQL migrations into ./drizzle.
export default defineConfig({
  dialect: 'sqlite',
  schema: './apps/worker/src/db/schema.ts',
  out: './drizzle',
});
