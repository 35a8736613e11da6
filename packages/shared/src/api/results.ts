import { IngestResponseSchema, ResultsBatchSchema, ResultsPostSchema } from '../api.ts';
import { CrossExaminationSchema, EvaluationSchema } from '../evaluation.ts';
import {
  EvaluationsPostResponseSchema,
  EvaluationsPostSchema,
  OwnerJudgementSchema,
  StoredCrossExaminationSchema,
  WinnerOverrideInputSchema,
  WinnerOverrideSchema,
} from '../judgement.ts';
import { defineEndpoint } from './endpoint.ts';
import { IdParamSchema, MB, TaskParamSchema } from './params.ts';
import { ListResultsQuerySchema } from './queries.ts';
import { ResultsPageSchema } from './responses.ts';

/** Results and the judgements added to them after a battle (PRODUCT F3, F10–F12). */
export const resultEndpoints = {
  listResults: defineEndpoint({
    method: 'get',
    path: '/api/results',
    summary: 'Results, newest first, filtered and cursor-paginated',
    query: ListResultsQuerySchema,
    response: ResultsPageSchema,
  }),
  postResults: defineEndpoint({
    method: 'post',
    path: '/api/results',
    summary: "One result, or one battle's results (idempotent by result id)",
    body: ResultsPostSchema,
    response: IngestResponseSchema,
    status: 201,
    scopes: ['ingest', 'runner'],
    owner: 'posted-battles',
    bodyLimit: 8 * MB,
  }),
  postResultsBatch: defineEndpoint({
    method: 'post',
    path: '/api/results/batch',
    summary: 'Thousands of results in one all-or-nothing write',
    body: ResultsBatchSchema,
    response: IngestResponseSchema,
    status: 201,
    scopes: ['ingest', 'runner'],
    owner: 'posted-battles',
    bodyLimit: 64 * MB,
  }),
  postEvaluations: defineEndpoint({
    method: 'post',
    path: '/api/results/{id}/evaluations',
    summary:
      'Add evaluations to a stored result, e.g. judge verdicts after a battle (idempotent by evaluation id; never source human)',
    params: IdParamSchema,
    body: EvaluationsPostSchema,
    response: EvaluationsPostResponseSchema,
    status: 201,
    scopes: ['runner', 'ingest'],
    owner: 'result',
    bodyLimit: 2 * MB,
  }),
  putJudgement: defineEndpoint({
    method: 'put',
    path: '/api/results/{id}/judgement',
    summary:
      "The owner's thumbs, 1–5 stars and note on a result: one evaluation of source owner, replaced on update",
    params: IdParamSchema,
    body: OwnerJudgementSchema,
    response: EvaluationSchema,
    scopes: ['runner', 'ingest'],
    owner: 'result',
    bodyLimit: MB,
  }),
  putWinner: defineEndpoint({
    method: 'put',
    path: '/api/battles/{id}/tasks/{taskId}/winner',
    summary: "The owner's winner (or tie) of one task, kept beside the automatic winner",
    params: TaskParamSchema,
    body: WinnerOverrideInputSchema,
    response: WinnerOverrideSchema,
    scopes: ['runner', 'ingest'],
    owner: 'battle',
    bodyLimit: MB,
  }),
  postCrossExamination: defineEndpoint({
    method: 'post',
    path: '/api/battles/{id}/cross-examinations',
    summary: "Store a cross-examination (a model's answer to a question about the battle's results)",
    params: IdParamSchema,
    body: CrossExaminationSchema,
    response: StoredCrossExaminationSchema,
    status: 201,
    scopes: ['runner', 'ingest'],
    owner: 'battle',
    bodyLimit: 4 * MB,
  }),
};
