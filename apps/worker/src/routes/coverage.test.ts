import { type Endpoint, endpoints, routerPath } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { app } from '../app.ts';
import { api } from '../test/helpers.ts';

/** The endpoint table is the API: nothing is mounted without a row, no row is left unmounted. */

const rows = Object.values(endpoints) as Endpoint[];
const fromTable = new Set(rows.map((e) => `${e.method.toUpperCase()} ${routerPath(e.path)}`));
const mounted = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));

describe('the endpoint table', () => {
  it('lists every mounted route', () => {
    expect([...mounted].filter((r) => !fromTable.has(r))).toEqual([]);
  });

  it('has no row that is not mounted', () => {
    expect([...fromTable].filter((r) => !mounted.has(r))).toEqual([]);
  });

  it('names each row once by method and path', () => {
    expect(fromTable.size).toBe(rows.length);
  });

  it('gives every write a scope and every battle write an owner rule', () => {
    const writes = rows.filter((e) => e.method !== 'get' && !e.path.startsWith('/api/arena/votes'));
    expect(writes.filter((e) => !e.scopes).map((e) => e.path)).toEqual([]);
    const battleWrites = writes.filter((e) => /^\/api\/(battles|results)/.test(e.path));
    expect(battleWrites.filter((e) => !e.owner).map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });
});

describe('GET /api/openapi.json', () => {
  it('is the table: one operation per row, with its schemas, scopes and owner rule', async () => {
    const res = await api('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json<{
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; security?: unknown; 'x-owner'?: string }>
      >;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${routerPath(path)}`),
    );
    expect(new Set(documented)).toEqual(fromTable);
    const post = doc.paths['/api/results/batch']?.post;
    expect(post?.security).toEqual([{ bearer: ['ingest', 'runner'] }]);
    expect(post?.['x-owner']).toBe('posted-battles');
    expect(JSON.stringify(post?.requestBody)).toContain('"battleId"');
  });
});
