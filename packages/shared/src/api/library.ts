import { BatchComparisonSchema, BatchSummarySchema } from '../ci.ts';
import { ResultViewSchema } from '../result.ts';
import { StoredSuiteSchema, SuiteListSchema } from '../suite-library.ts';
import { SuiteSourceSchema } from '../task.ts';
import { defineEndpoint } from './endpoint.ts';
import { IdParamSchema, MB, SuiteNameParamSchema } from './params.ts';
import { ListBatchesQuerySchema, ListRunsQuerySchema, SuiteVersionQuerySchema } from './queries.ts';
import { BatchesPageSchema, ResultsPageSchema } from './responses.ts';

/** The suites library (PRODUCT F5) and CI runs and batches (F22). */
export const libraryEndpoints = {
  listSuites: defineEndpoint({
    method: 'get',
    path: '/api/suites',
    summary: "The suites library: every suite's newest version",
    response: SuiteListSchema,
  }),
  getSuite: defineEndpoint({
    method: 'get',
    path: '/api/suites/{name}',
    summary: 'One suite with its source (the newest version unless ?version= names one)',
    params: SuiteNameParamSchema,
    query: SuiteVersionQuerySchema,
    response: StoredSuiteSchema,
  }),
  putSuite: defineEndpoint({
    method: 'put',
    path: '/api/suites/{name}',
    summary:
      'Save a version of a suite (every version is kept, by any runner token; a saved version never changes: 409)',
    params: SuiteNameParamSchema,
    body: SuiteSourceSchema,
    response: StoredSuiteSchema,
    status: 201,
    scopes: ['runner'],
    bodyLimit: 4 * MB,
  }),
  listRuns: defineEndpoint({
    method: 'get',
    path: '/api/runs',
    summary: 'CI runs (results of CI batches), newest first, filtered and cursor-paginated',
    query: ListRunsQuerySchema,
    response: ResultsPageSchema,
  }),
  getRun: defineEndpoint({
    method: 'get',
    path: '/api/runs/{id}',
    summary: 'One CI run with its evaluations and telemetry',
    params: IdParamSchema,
    response: ResultViewSchema,
  }),
  listBatches: defineEndpoint({
    method: 'get',
    path: '/api/batches',
    summary: 'CI batches with their aggregates, newest first, filtered and cursor-paginated',
    query: ListBatchesQuerySchema,
    response: BatchesPageSchema,
  }),
  getBatch: defineEndpoint({
    method: 'get',
    path: '/api/batches/{id}',
    summary: 'One CI batch',
    params: IdParamSchema,
    response: BatchSummarySchema,
  }),
  compareBatch: defineEndpoint({
    method: 'get',
    path: '/api/batches/{id}/compare',
    summary: 'A batch against the previous batch of the same suite',
    params: IdParamSchema,
    response: BatchComparisonSchema,
  }),
};
