import { env } from 'cloudflare:test';
import { OwnerJudgementSchema, SuiteSourceSchema } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db/client.ts';
import { battle, createToken, ingest, result, uid } from '../test/helpers.ts';
import { addEvaluations, listWinnerOverrides, putOwnerJudgement, putWinnerOverride } from './judgements.ts';
import { getSuite, listSuites, saveSuite } from './suites.ts';

const db = getDb(env);
const b = battle({ id: uid('judgements'), state: 'done' });
const resultId = `${b.id}-r1`;

beforeAll(async () => {
  const { token } = await createToken('runner');
  await ingest(token, { battle: b, results: [result(b.id, { id: resultId })] });
});

describe('owner judgement (query)', () => {
  it('maps stars 1–5 to a score in [0, 1], thumbs alone to 1 or 0, and a note alone to no score', async () => {
    const cases: [unknown, number | null, boolean | null][] = [
      [{ stars: 1 }, 0, null],
      [{ stars: 4, thumbs: 'down' }, 0.75, false],
      [{ thumbs: 'up' }, 1, true],
      [{ thumbs: 'down' }, 0, false],
      [{ note: 'looked fine' }, null, null],
    ];
    for (const [input, score, passed] of cases) {
      const e = await putOwnerJudgement(db, resultId, OwnerJudgementSchema.parse(input), 'owner');
      expect([e.score, e.passed], JSON.stringify(input)).toEqual([score, passed]);
      expect(e.id).toBe(`${resultId}:owner`);
    }
  });
});

describe('evaluations and overrides (queries)', () => {
  it('counts a re-posted evaluation id as a duplicate', async () => {
    const e = {
      id: 'judge-x',
      source: 'judge' as const,
      evaluator: 'judge:x',
      score: 0.5,
      raw: null,
      maxScore: null,
      passed: null,
    };
    expect(await addEvaluations(db, resultId, { evaluations: [e] })).toMatchObject({
      created: 1,
      duplicates: 0,
    });
    expect(await addEvaluations(db, resultId, { evaluations: [e] })).toMatchObject({
      created: 0,
      duplicates: 1,
    });
  });

  it('keeps one override per task, the latest', async () => {
    await putWinnerOverride(db, b.id, 't1', { winner: 'c1' }, 'owner', 1_000);
    await putWinnerOverride(db, b.id, 't1', { tie: true }, 'admin', 2_000);
    expect(await listWinnerOverrides(db, b.id)).toEqual([
      {
        taskId: 't1',
        winner: null,
        tie: true,
        note: null,
        setBy: 'admin',
        updatedAt: new Date(2_000).toISOString(),
      },
    ]);
  });
});

describe('suites library (queries)', () => {
  it('lists each suite once at its newest version, with the number of versions', async () => {
    const name = uid('lib');
    const source = (version: string) =>
      SuiteSourceSchema.parse({ name, version, tasks: [{ id: 'a', prompt: `v${version}` }] });
    await saveSuite(db, source('1'), 'me', 1_000);
    await saveSuite(db, source('2'), 'me', 2_000);
    const listed = (await listSuites(db)).items.filter((s) => s.name === name);
    expect(listed).toEqual([expect.objectContaining({ version: '2', versions: 2 })]);
    expect((await getSuite(db, name, '1')).source.tasks[0]?.prompt).toBe('v1');
  });
});
