import { endpoints } from '@ringside/shared';
import { withoutCreatedBy } from '../auth/token-names.ts';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { ApiException } from '../lib/errors.ts';
import { resource, route } from '../lib/resource.ts';
import { getSuite, listSuites, saveSuite } from '../queries/suites.ts';

/** The suites library (PRODUCT F5): save a version, list suites, read one to run it by name. */
export const suitesRoute = resource('/api/suites', [
  route(
    endpoints.listSuites,
    async (c) => {
      const { items } = await listSuites(getDb(c.env));
      return c.json({ items: items.map((s) => withoutCreatedBy(s, c.get('viewer'))) });
    },
    publicCache(),
  ),
  route(
    endpoints.getSuite,
    async (c, { params, query }) =>
      c.json(withoutCreatedBy(await getSuite(getDb(c.env), params.name, query.version), c.get('viewer'))),
    publicCache(),
  ),
  route(endpoints.putSuite, async (c, { params, body }) => {
    if (body.name !== params.name) {
      throw new ApiException(400, 'invalid_body', 'the body name differs from the URL', [
        { path: 'name', message: `expected '${params.name}'` },
      ]);
    }
    const { created, suite } = await saveSuite(getDb(c.env), body, c.get('caller').name);
    return c.json(suite, created ? 201 : 200);
  }),
]);
