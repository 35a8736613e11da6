import { z } from 'zod';
import { HealthSchema } from '../api.ts';
import { BattleViewSchema } from '../battle.ts';
import { ResultViewSchema } from '../result.ts';
import { StatsSchema } from '../stats.ts';
import { defineEndpoint } from './endpoint.ts';
import { ExportBattlesQuerySchema, ExportResultsQuerySchema, StatsQuerySchema } from './queries.ts';
import { ModelListSchema, OpenApiDocumentSchema } from './responses.ts';

/** Health, the API's own description, stats, models and the downloads (PRODUCT F19, F27). */
export const readEndpoints = {
  health: defineEndpoint({
    method: 'get',
    path: '/api/health',
    summary: 'Version and D1 reachability (503 when D1 does not answer)',
    response: HealthSchema,
  }),
  openapi: defineEndpoint({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document: OpenAPI 3.1, generated from the endpoint table',
    response: OpenApiDocumentSchema,
  }),
  stats: defineEndpoint({
    method: 'get',
    path: '/api/stats',
    summary: 'Totals and per-model runs, wins, latency percentiles and tok/s',
    query: StatsQuerySchema,
    response: StatsSchema,
  }),
  listModels: defineEndpoint({
    method: 'get',
    path: '/api/models',
    summary: 'Every provider + model entered in a battle, with its results, battles and last result time',
    response: ModelListSchema,
  }),
  exportBattlesCsv: defineEndpoint({
    method: 'get',
    path: '/api/export/battles.csv',
    summary: 'Battles as CSV (streamed), filtered like /api/battles',
    query: ExportBattlesQuerySchema,
    response: z.string(),
    contentTypes: ['text/csv'],
  }),
  exportBattlesJson: defineEndpoint({
    method: 'get',
    path: '/api/export/battles.json',
    summary: 'Battles as JSON (streamed), filtered like /api/battles',
    query: ExportBattlesQuerySchema,
    response: z.array(BattleViewSchema),
  }),
  exportResultsCsv: defineEndpoint({
    method: 'get',
    path: '/api/export/results.csv',
    summary: 'Results as CSV (streamed), filtered like /api/results',
    query: ExportResultsQuerySchema,
    response: z.string(),
    contentTypes: ['text/csv'],
  }),
  exportResultsJson: defineEndpoint({
    method: 'get',
    path: '/api/export/results.json',
    summary: 'Results as JSON (streamed), filtered like /api/results',
    query: ExportResultsQuerySchema,
    response: z.array(ResultViewSchema),
  }),
};
