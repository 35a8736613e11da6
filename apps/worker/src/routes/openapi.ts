import { Hono } from 'hono';
import { openApiDocument } from '../openapi/document.ts';

let cached: string | undefined;

/** `GET /api/openapi.json`, built once per isolate from the zod schemas. */
export const openapiRoute = new Hono<{ Bindings: Env }>().get('/', (c) => {
  cached ??= JSON.stringify(openApiDocument());
  c.header('Cache-Control', 'public, max-age=300');
  c.header('Content-Type', 'application/json; charset=utf-8');
  return c.body(cached);
});
