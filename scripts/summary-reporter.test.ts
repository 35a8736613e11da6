import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Real vitest runs of a fixture folder (one file of each outcome) with this reporter.
const FIXTURES = path.join(import.meta.dirname, '__fixtures__', 'summary-reporter');
const VITEST = path.join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
const REPORTER = path.join(import.meta.dirname, 'summary-reporter.ts');

async function lastLine(config: string): Promise<string> {
  const run = await promisify(execFile)(
    process.execPath,
    [VITEST, 'run', '--root', FIXTURES, '--config', config, `--reporter=${REPORTER}`],
    { env: { ...process.env, NO_COLOR: '1', CI: 'true' } },
  ).catch((err: { stdout: string; code: number }) => err);
  expect(run).toHaveProperty('code', 1);
  return run.stdout.trim().split('\n').at(-1) ?? '';
}

describe('summary reporter', () => {
  it('counts a file whose beforeAll threw or that did not load as failed, its tests as not run', async () => {
    expect(await lastLine('vitest.config.ts')).toBe(
      '2 passed, 3 failed, 2 skipped; 2 files failed outside their tests, 2 tests not run: ' +
        'before-all.test.ts (fixture: beforeAll failed), import-error.test.ts (fixture: the module fails to load)',
    );
  });

  it('counts a global setup that threw, though no file ran', async () => {
    expect(await lastLine('global-setup.config.ts')).toMatch(
      /^0 passed, 1 failed, 0 skipped; outside any file: /,
    );
  });
});
