import { arenaEndpoints } from './arena.ts';
import { battleEndpoints } from './battles.ts';
import type { Endpoint } from './endpoint.ts';
import { libraryEndpoints } from './library.ts';
import { readEndpoints } from './reads.ts';
import { resultEndpoints } from './results.ts';

/**
 * Every endpoint of the API, by name. The worker mounts exactly these (a test fails on a route
 * mounted without a row, or a row without a route); OpenAPI, the dashboard and the runner read them.
 */
export const endpoints = {
  ...readEndpoints,
  ...battleEndpoints,
  ...resultEndpoints,
  ...libraryEndpoints,
  ...arenaEndpoints,
} satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;
