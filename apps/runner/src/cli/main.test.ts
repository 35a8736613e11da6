import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/ringside.js');
const FIXTURE = path.resolve(
  import.meta.dirname,
  '../../../../packages/shared/src/ratings/__fixtures__/battles-public.jsonl',
);

describe('ringside command table', () => {
  it('runs `ringside ratings` without a runtime: the fixture JSONL in, ratings JSON out', () => {
    // A config file that does not exist would fail any command that loads the settings.
    const run = spawnSync(
      process.execPath,
      [BIN, '--config', '/nonexistent/ringside.yaml', 'ratings', '--input', FIXTURE, '--rounds', '5'],
      { encoding: 'utf8', env: { ...process.env, RINGSIDE_API_URL: '', RINGSIDE_TOKEN: '' } },
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { pairs: number; models: number; ratings: { model: string }[] };
    expect(out).toMatchObject({ pairs: 5000, models: 12 });
    expect(out.ratings).toHaveLength(12);
  });
});
