import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBuiltinSuites, loadSuite } from './load-suite.ts';

describe('loadSuite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ringside-suites-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads a built-in suite by name', async () => {
    expect(await listBuiltinSuites()).toContain('builtin');
    expect((await loadSuite('builtin')).name).toBe('builtin');
  });

  it('loads a suite file by path', async () => {
    const file = join(dir, 'mine.yaml');
    await writeFile(file, 'name: mine\ntasks:\n  - id: a\n    prompt: hi\n');
    expect(await loadSuite(file)).toMatchObject({ name: 'mine', tasks: [{ id: 'a' }] });
  });

  it('names the built-in suites when the name is unknown', async () => {
    await expect(loadSuite('nope')).rejects.toThrow(
      /nope: no such file or built-in suite; built-in suites: .*builtin/,
    );
  });

  it('names the file it cannot read', async () => {
    await expect(loadSuite(join(dir, 'missing.yaml'))).rejects.toThrow(/missing\.yaml: cannot read: ENOENT/);
  });
});
