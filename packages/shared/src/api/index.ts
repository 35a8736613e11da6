export * from './endpoint.ts';
export * from './params.ts';
export * from './queries.ts';
export * from './responses.ts';
export * from './table.ts';
