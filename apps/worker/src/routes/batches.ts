import { Hono } from 'hono';
import type { AuthEnv } from '../auth/require-scope.ts';

// Filled in by the read-API work (issue 2).
export const batchesRoute = new Hono<AuthEnv>();
