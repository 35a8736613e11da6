import {
  type Endpoint,
  type EndpointBody,
  type EndpointParams,
  type EndpointQuery,
  MB,
  routerPath,
} from '@ringside/shared';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { assertOwner, type Posted } from '../auth/owner.ts';
import { type AuthEnv, requireScope } from '../auth/require-scope.ts';
import { limitBody } from './body-limit.ts';
import { validate } from './validate.ts';

/**
 * Mounts rows of the endpoint table on a sub-app: for each, the row's body limit, its scope, its
 * params / query / body schemas and its owner rule run before the handler, in that order (401/403
 * before 400, so an anonymous caller learns nothing about a battle from validation errors). The
 * handler receives what was validated, typed from the row.
 */

export interface Input<E extends Endpoint> {
  params: EndpointParams<E>;
  query: EndpointQuery<E>;
  body: EndpointBody<E>;
}

export type Handler<E extends Endpoint> = (
  c: Context<AuthEnv>,
  input: Input<E>,
) => Response | Promise<Response>;

type Middleware = MiddlewareHandler<AuthEnv>;
/** Middleware of any env the worker's `AuthEnv` satisfies (rate limits need only the bindings). */
type AnyMiddleware = Middleware | MiddlewareHandler<{ Bindings: Env }> | MiddlewareHandler;

export interface Route {
  endpoint: Endpoint;
  chain: Middleware[];
}

/** One row with its handler; `before` runs first (caching, rate limits, timing). */
export function route<E extends Endpoint>(
  endpoint: E,
  handler: Handler<E>,
  ...before: AnyMiddleware[]
): Route {
  const chain = [...before] as Middleware[];
  if (endpoint.method !== 'get') chain.push(limitBody(endpoint.bodyLimit ?? MB));
  if (endpoint.scopes) chain.push(requireScope(...endpoint.scopes));
  if (endpoint.params) chain.push(validate('param', endpoint.params) as unknown as Middleware);
  if (endpoint.query) chain.push(validate('query', endpoint.query) as unknown as Middleware);
  if (endpoint.body) chain.push(validate('json', endpoint.body) as unknown as Middleware);
  const valid = (c: Context<AuthEnv>, target: 'param' | 'query' | 'json') =>
    (c.req.valid as (t: string) => unknown)(target);
  chain.push(async (c) => {
    const input = {
      params: endpoint.params ? valid(c, 'param') : {},
      query: endpoint.query ? valid(c, 'query') : {},
      body: endpoint.body ? valid(c, 'json') : undefined,
    } as Input<E>;
    if (endpoint.owner) await assertOwner(c, endpoint.owner, input as Posted);
    return handler(c, input);
  });
  return { endpoint, chain };
}

/** A sub-app at `prefix` holding these routes (every row's path starts with the prefix). */
export function resource(prefix: `/api/${string}`, routes: Route[]): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  for (const { endpoint, chain } of routes) {
    if (!endpoint.path.startsWith(prefix)) throw new Error(`${endpoint.path} is not under ${prefix}`);
    const path = routerPath(endpoint.path.slice(prefix.length)) || '/';
    app.on(endpoint.method.toUpperCase(), path, ...(chain as [Middleware]));
  }
  return app;
}
