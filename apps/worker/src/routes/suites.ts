import { IdSchema, SuiteSourceSchema } from '@ringside/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AuthEnv, requireScope } from '../auth/require-scope.ts';
import { withoutCreatedBy } from '../auth/token-names.ts';
import { getDb } from '../db/client.ts';
import { limitBody, MB } from '../lib/body-limit.ts';
import { publicCache } from '../lib/cache.ts';
import { ApiException } from '../lib/errors.ts';
import { validate } from '../lib/validate.ts';
import { getSuite, listSuites, saveSuite } from '../queries/suites.ts';

const NameParam = z.object({ name: IdSchema });
const VersionQuery = z.object({ version: z.string().min(1).max(32).optional() });

/** The suites library (PRODUCT F5): save a version, list suites, read one to run it by name. */
export const suitesRoute = new Hono<AuthEnv>()
  .get('/', publicCache(), async (c) => {
    const { items } = await listSuites(getDb(c.env));
    return c.json({ items: items.map((s) => withoutCreatedBy(s, c.get('viewer'))) });
  })
  .get('/:name', publicCache(), validate('param', NameParam), validate('query', VersionQuery), async (c) => {
    const suite = await getSuite(getDb(c.env), c.req.valid('param').name, c.req.valid('query').version);
    return c.json(withoutCreatedBy(suite, c.get('viewer')));
  })
  .put(
    '/:name',
    requireScope('runner'),
    limitBody(4 * MB),
    validate('param', NameParam),
    validate('json', SuiteSourceSchema),
    async (c) => {
      const source = c.req.valid('json');
      const { name } = c.req.valid('param');
      if (source.name !== name) {
        throw new ApiException(400, 'invalid_body', 'the body name differs from the URL', [
          { path: 'name', message: `expected '${name}'` },
        ]);
      }
      const { created, suite } = await saveSuite(getDb(c.env), source, c.get('caller').name);
      return c.json(suite, created ? 201 : 200);
    },
  );
