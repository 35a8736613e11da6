import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CrossExaminationSchema, JudgeVerdictSchema } from '@ringside/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeApi, startFakeApi } from '../../../test/fake-api.ts';

// The CLI end to end on real llama.cpp (the embedded tiny model, random weights) against the fake
// API on 127.0.0.1. The CLI is spawned asynchronously: the fake API answers from this process.
const BIN = path.resolve(import.meta.dirname, '../../../bin/ringside.js');

function ringside(args: string[], cwd: string, api: FakeApi | null) {
  const env = {
    ...process.env,
    CI: 'true',
    RINGSIDE_API_URL: api?.baseUrl ?? '',
    RINGSIDE_TOKEN: api?.token ?? '',
  };
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

const folderOf = (cwd: string) => {
  const [name] = readdirSync(path.join(cwd, 'Arena'));
  return path.join(cwd, 'Arena', name!);
};

describe('ringside suite run --judge, cross-examine and the suites library (embedded tiny model, fake API)', () => {
  let api: FakeApi;
  let cwd: string;
  let folder: string;
  let battleId: string;
  beforeAll(async () => {
    api = await startFakeApi();
    cwd = mkdtempSync(path.join(tmpdir(), 'ringside-judge-'));
  });
  afterAll(() => api?.close());

  it('judges 2 built-in tasks after the results: judging then done, judge errors recorded and posted, no crash', async () => {
    const run = await ringside(
      [
        'suite',
        'run',
        'builtin',
        '--tasks',
        'haiku-gpu,project-names',
        '-c',
        'embedded:tiny',
        '-c',
        'embedded:tiny',
        '--judge',
        'embedded:tiny',
        '--quiet',
      ],
      cwd,
      api,
    );
    expect(run.code, run.stderr).toBe(0);
    folder = folderOf(cwd);
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    battleId = manifest.battle.id;
    expect(manifest.battle.state).toBe('done');

    // The tiny model's judge replies are meaningless: each task is a clean judge error.
    const judged = JSON.parse(readFileSync(path.join(folder, 'judge.json'), 'utf8'));
    const verdicts = judged.verdicts.map((v: unknown) => JudgeVerdictSchema.parse(v));
    expect(verdicts.map((v: { taskId: string }) => v.taskId).sort()).toEqual(['haiku-gpu', 'project-names']);
    expect(verdicts.every((v: { status: string }) => v.status === 'error')).toBe(true);
    expect(judged.evaluations).toHaveLength(4);

    // The API saw the battle go running → judging → done, and got every judge evaluation.
    const states = api.requests
      .filter((r) => r.method === 'PATCH' && r.path === `/api/battles/${battleId}`)
      .map((r) => (r.body as { state?: string }).state);
    expect(states).toEqual(['judging', 'done']);
    expect(api.battles.get(battleId)?.state).toBe('done');
    const posted = [...api.evaluations.values()].flat();
    expect(posted).toHaveLength(4);
    expect(posted.every((e) => e.source === 'judge' && e.evaluator === 'judge:embedded:tiny')).toBe(true);
    expect(run.stdout).toMatch(/judge upload: 4 evaluation\(s\) sent/);
  }, 180_000);

  it('cross-examines the results folder: prints the answer, stores the exchange in the folder and the API', async () => {
    const run = await ringside(
      ['cross-examine', folder, '--model', 'embedded:tiny', '--question', 'Which contestant was faster?'],
      cwd,
      api,
    );
    expect([0, 3], run.stderr).toContain(run.code);
    const stored = JSON.parse(readFileSync(path.join(folder, 'cross-examinations.json'), 'utf8'));
    expect(stored).toHaveLength(1);
    const x = CrossExaminationSchema.parse(stored[0]);
    expect(x).toMatchObject({ battleId, question: 'Which contestant was faster?' });
    expect(x.prompt.at(-1)?.content).toContain('Which contestant was faster?');
    expect(run.stdout).toContain(x.status === 'ok' ? x.answer.trim().slice(0, 20) : 'the examiner failed');
    expect(api.crossExaminations).toEqual([x]);
  }, 120_000);

  it('cross-examines a battle by id, reading its results from the API', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'ringside-x-'));
    const run = await ringside(
      ['cross-examine', battleId, '--model', 'embedded:tiny', '--question', 'Who answered project-names?'],
      elsewhere,
      api,
    );
    expect([0, 3], run.stderr).toContain(run.code);
    const x = api.crossExaminations.at(-1);
    expect(x?.question).toBe('Who answered project-names?');
    // the examiner saw the API's results: both tasks' prompts are in what it was shown
    expect(x?.prompt.at(-1)?.content).toMatch(
      /Task haiku-gpu[\s\S]*Task project-names|Task project-names[\s\S]*Task haiku-gpu/,
    );
  }, 120_000);

  it('saves a suite file to the library and runs it by name from another folder', async () => {
    const file = path.join(cwd, 'tiny-suite.yaml');
    writeFileSync(
      file,
      [
        'name: tiny-lib',
        'version: 3',
        'tasks:',
        '  - id: echo',
        '    category: creative',
        '    prompt: Say {{word}}.',
        '    vars: [{ word: hello }]',
        '    assertions: [{ type: icontains, value: "{{word}}" }]',
        '',
      ].join('\n'),
    );
    const saved = await ringside(['suite', 'save', file], cwd, api);
    expect(saved.code, saved.stderr).toBe(0);
    expect(api.suites.get('tiny-lib@3')?.tasks[0]?.prompt).toBe('Say {{word}}.');

    const elsewhere = mkdtempSync(path.join(tmpdir(), 'ringside-lib-'));
    const run = await ringside(
      ['suite', 'run', 'tiny-lib', '-c', 'embedded:tiny', '-c', 'embedded:tiny', '--quiet', '--no-upload'],
      elsewhere,
      api,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('suite tiny-lib v3 from the library');
    const manifest = JSON.parse(readFileSync(path.join(folderOf(elsewhere), 'manifest.json'), 'utf8'));
    expect(manifest.battle.suite).toEqual({ name: 'tiny-lib', version: '3' });
    expect(manifest.battle.tasks.map((t: { prompt: string }) => t.prompt)).toEqual(['Say hello.']);
  }, 120_000);
});
