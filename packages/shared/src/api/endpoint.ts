import type { z } from 'zod';
import type { TokenScope } from '../api.ts';

/**
 * One row of the API's endpoint table: everything a route, its OpenAPI operation, the dashboard's
 * queries and the runner's client need to know about it, written once. The worker mounts each row
 * (validating params, query and body with its schemas, then checking scope and owner), the OpenAPI
 * document is a loop over the rows, and the clients build URLs and parse answers from them.
 */

/**
 * Who may write, beyond the scope: a battle belongs to the token that created it, and only that
 * token or an admin may change it, add to it, judge it or publish its events.
 * - `battle`: the path's `id` is a battle (a new one is created owned by the caller);
 * - `result`: the path's `id` is a result; the owner of its battle decides;
 * - `posted-battles`: the body's `battle` and every `results[].battleId` that already exist.
 */
export type OwnerRule = 'battle' | 'result' | 'posted-battles';

export interface Endpoint {
  readonly method: 'get' | 'post' | 'put' | 'patch';
  /** OpenAPI template: `/api/battles/{id}` */
  readonly path: `/api/${string}`;
  readonly summary: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly response: z.ZodType;
  /** the success status when not 200 (201 created, 101 switching protocols) */
  readonly status?: number;
  /** response media types when not only JSON */
  readonly contentTypes?: readonly string[];
  /** absent: public */
  readonly scopes?: readonly TokenScope[];
  readonly owner?: OwnerRule;
  /** largest request body in bytes (writes) */
  readonly bodyLimit?: number;
}

/** Keeps the literal types of a row (its schemas, method and path) for the code that uses it. */
export const defineEndpoint = <const E extends Endpoint>(e: E): E => e;

type Schema<E, K extends keyof Endpoint> = E extends { [P in K]: infer S extends z.ZodType } ? S : never;

export type EndpointParams<E extends Endpoint> = [Schema<E, 'params'>] extends [never]
  ? Record<string, never>
  : z.output<Schema<E, 'params'>>;
export type EndpointQuery<E extends Endpoint> = [Schema<E, 'query'>] extends [never]
  ? Record<string, never>
  : z.output<Schema<E, 'query'>>;
/** What a client may pass as the query: the schema's input, every field optional where it has a default. */
export type EndpointQueryInput<E extends Endpoint> = [Schema<E, 'query'>] extends [never]
  ? Record<string, never>
  : z.input<Schema<E, 'query'>>;
export type EndpointBody<E extends Endpoint> = [Schema<E, 'body'>] extends [never]
  ? undefined
  : z.output<Schema<E, 'body'>>;
export type EndpointBodyInput<E extends Endpoint> = [Schema<E, 'body'>] extends [never]
  ? undefined
  : z.input<Schema<E, 'body'>>;
export type EndpointResponse<E extends Endpoint> = z.output<E['response']>;

type QueryValue = string | number | boolean | null | undefined;

/**
 * `path?query` of a row: path parameters filled in (encoded), empty query values left out so equal
 * filters give equal URLs (and cache keys).
 */
export function endpointUrl(
  e: Pick<Endpoint, 'path'>,
  params: Record<string, string> = {},
  query: Record<string, QueryValue> = {},
): string {
  const path = e.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${e.path}: missing path parameter '${name}'`);
    return encodeURIComponent(value);
  });
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const search = qs.toString();
  return search ? `${path}?${search}` : path;
}

/** The Hono pattern of a row's path: `{id}` becomes `:id`. */
export const routerPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
