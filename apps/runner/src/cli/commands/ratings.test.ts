import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../args.ts';
import { ratingsCommand } from './ratings.ts';

/** FastChat's reference data and numbers, kept once in the shared package (its README says how). */
const FIXTURES = path.resolve(import.meta.dirname, '../../../../../packages/shared/src/ratings/__fixtures__');
const INPUT = path.join(FIXTURES, 'battles-public.jsonl');
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected-public.json'), 'utf8'));

type Output = {
  pairs: number;
  battles: number;
  models: number;
  settings: { rounds: number; seed: number; resample: string; anchor: unknown };
  ratings: {
    model: string;
    mle: number;
    elo: number;
    bootstrap: { median: number; q025: number; q975: number };
  }[];
};

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await ratingsCommand(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err, json: code === 0 ? (JSON.parse(out) as Output) : null };
}

const byModel = <T>(o: Output, pick: (r: Output['ratings'][number]) => T) =>
  Object.fromEntries(o.ratings.map((r) => [r.model, pick(r)]));
const maxDiff = (a: Record<string, number>, b: Record<string, number>) =>
  Math.max(...Object.keys(b).map((k) => Math.abs((a[k] ?? Number.NaN) - (b[k] as number))));

describe('ringside ratings', () => {
  it("prints MLE ratings and online Elo that agree with FastChat's on the fixture within 0.01", async () => {
    const { code, json } = await run('--input', INPUT, '--rounds', '20');
    expect(code).toBe(0);
    expect(json).toMatchObject({ pairs: 5000, battles: 3828, models: 12 });
    expect(
      maxDiff(
        byModel(json!, (r) => r.mle),
        expected.mle.ratings_mean1000,
      ),
    ).toBeLessThan(0.01);
    expect(
      maxDiff(
        byModel(json!, (r) => r.elo),
        expected.elo_online.ratings,
      ),
    ).toBeLessThan(0.01);
    const anchored = (await run('--input', INPUT, '--rounds', '20', '--anchor', 'model-00')).json!;
    expect(
      maxDiff(
        byModel(anchored, (r) => r.mle),
        expected.mle.ratings,
      ),
    ).toBeLessThan(0.01);
  });

  it("gives 500-round battle-level intervals within the fixture's rerun spread (medians 3, bounds 6)", async () => {
    const { json } = await run('--input', INPUT);
    expect(json?.settings).toMatchObject({ rounds: 500, seed: 0, resample: 'battle' });
    const reference = expected.bootstrap_by_battle.mean1000 as Record<
      string,
      { median: number; q025: number; q975: number }
    >;
    const pick = (k: 'median' | 'q025' | 'q975') => [
      byModel(json!, (r) => r.bootstrap[k]),
      Object.fromEntries(Object.entries(reference).map(([m, v]) => [m, v[k]])),
    ];
    expect(maxDiff(...(pick('median') as [Record<string, number>, Record<string, number>]))).toBeLessThan(3);
    expect(maxDiff(...(pick('q025') as [Record<string, number>, Record<string, number>]))).toBeLessThan(6);
    expect(maxDiff(...(pick('q975') as [Record<string, number>, Record<string, number>]))).toBeLessThan(6);
  });

  it('is reproducible with a seed, and another seed draws other intervals', async () => {
    const a = await run('--input', INPUT, '--rounds', '50', '--seed', '7');
    const b = await run('--input', INPUT, '--rounds', '50', '--seed', '7');
    const c = await run('--input', INPUT, '--rounds', '50', '--seed', '8');
    expect(a.out).toBe(b.out);
    expect(c.json?.ratings[0]?.bootstrap).not.toEqual(a.json?.ratings[0]?.bootstrap);
    expect(c.json?.ratings[0]?.mle).toBe(a.json?.ratings[0]?.mle);
  });

  it('reads back what the worker exports, and names the first bad line of a broken file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ratings-'));
    const good = path.join(dir, 'good.jsonl');
    writeFileSync(
      good,
      [
        { battle_id: 'b1', model_a: 'ollama:a', model_b: 'ollama:b', winner: 'model_a' },
        { battle_id: 'b2', model_a: 'ollama:b', model_b: 'ollama:a', winner: 'tie (bothbad)' },
        { battle_id: 'b3', model_a: 'ollama:a', model_b: 'ollama:b', winner: 'model_b' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    expect((await run('--input', good, '--rounds', '5')).json?.models).toBe(2);
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      `${readFileSync(good, 'utf8')}\n{"battle_id":"b4","model_a":"x","model_b":"x","winner":"tie"}\n`,
    );
    const { code, err } = await run('--input', bad);
    expect(code).toBe(1);
    expect(err).toContain('line 4');
    expect((await run('--input', path.join(dir, 'missing.jsonl'))).code).toBe(1);
  });

  it('refuses a missing --input or a bad option as a usage error', async () => {
    await expect(run()).rejects.toBeInstanceOf(UsageError);
    await expect(run('--input', INPUT, '--rounds', '0')).rejects.toBeInstanceOf(UsageError);
    await expect(run('--input', INPUT, '--resample', 'pairs')).rejects.toBeInstanceOf(UsageError);
  });
});
