/**
 * First half of `npm run dev`: migrations on the local D1 and a fresh local runner token, written
 * to .ringside/dev.env for the processes mprocs starts (see mprocs.yaml).
 */
import { ensureDashboardDist, prepareLocalDatabase, writeDevEnv } from './lib/local-stack.ts';

ensureDashboardDist();
const token = await prepareLocalDatabase();
const file = writeDevEnv({ RINGSIDE_API_URL: 'http://127.0.0.1:8787', RINGSIDE_TOKEN: token.token });
console.log(`[ringside] local D1 migrated; runner token '${token.name}' written to ${file}`);
