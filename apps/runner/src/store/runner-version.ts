import { createRequire } from 'node:module';

/** The runner's version from its package.json, recorded in every manifest. */
export const RUNNER_VERSION: string = (
  createRequire(import.meta.url)('../../package.json') as { version: string }
).version;
