import { endpoints } from '@ringside/shared';
import { resource, route } from '../lib/resource.ts';
import { openApiDocument } from '../openapi/document.ts';

let cached: string | undefined;

/** `GET /api/openapi.json`, built once per isolate from the endpoint table. */
export const openapiRoute = resource('/api/openapi.json', [
  route(endpoints.openapi, (c) => {
    cached ??= JSON.stringify(openApiDocument());
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(cached);
  }),
]);
