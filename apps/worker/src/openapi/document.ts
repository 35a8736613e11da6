import { ApiErrorSchema, type Endpoint, endpoints } from '@ringside/shared';
import { z } from 'zod';
import { VERSION } from '../version.ts';

/**
 * The OpenAPI 3.1 document (PRODUCT F27): a loop over the endpoint table, so it lists exactly the
 * routes the worker mounts, with the schemas that validate them. OpenAPI 3.1 uses JSON Schema
 * 2020-12, which `z.toJSONSchema` writes directly.
 */

const schemaOf = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

const errors = { content: { 'application/json': { schema: schemaOf(ApiErrorSchema, 'output') } } };

function parameters(e: Endpoint) {
  const out: unknown[] = [];
  for (const [name, schema] of Object.entries(e.params?.shape ?? {})) {
    out.push({ name, in: 'path', required: true, schema: schemaOf(schema as z.ZodType, 'input') });
  }
  for (const [name, schema] of Object.entries(e.query?.shape ?? {})) {
    const optional = (schema as z.ZodType).safeParse(undefined).success;
    out.push({ name, in: 'query', required: !optional, schema: schemaOf(schema as z.ZodType, 'input') });
  }
  return out;
}

function responses(e: Endpoint) {
  const out: Record<string, unknown> = {
    [String(e.status ?? 200)]: {
      description: 'OK',
      content: Object.fromEntries(
        (e.contentTypes ?? ['application/json']).map((t) => [t, { schema: schemaOf(e.response, 'output') }]),
      ),
    },
    '400': { description: 'Invalid input: details name the field and the reason', ...errors },
    '404': { description: 'Unknown id', ...errors },
  };
  if (e.scopes) {
    Object.assign(out, {
      '401': { description: 'Missing, malformed, invalid or revoked token', ...errors },
      '403': {
        description: `Token scope is not ${e.scopes.join(' or ')}${e.owner ? ', or the battle belongs to another token' : ''}`,
        ...errors,
      },
    });
  }
  if (e.body) {
    Object.assign(out, {
      '409': { description: 'Conflicts with what is stored; nothing was changed', ...errors },
      '413': { description: `Body larger than ${e.bodyLimit ?? 'the limit'} bytes`, ...errors },
    });
  }
  return out;
}

function operation(name: string, e: Endpoint) {
  const params = parameters(e);
  return {
    operationId: name,
    summary: e.summary,
    ...(params.length ? { parameters: params } : {}),
    ...(e.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(e.body, 'input') } },
          },
        }
      : {}),
    responses: responses(e),
    ...(e.scopes ? { security: [{ bearer: [...e.scopes] }] } : {}),
    ...(e.owner ? { 'x-owner': e.owner } : {}),
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, e] of Object.entries(endpoints) as [string, Endpoint][]) {
    paths[e.path] ??= {};
    paths[e.path]![e.method] = operation(name, e);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ringside API',
      version: VERSION,
      description:
        'Results, battles, CI batches and stats of the Ringside arena. Writes need a bearer token with a scope; a battle belongs to the token that created it, and only that token or an admin may write to it (x-owner).',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'rsk_… token; scopes ingest, runner, admin' },
      },
    },
    paths,
  };
}
