import { describe, expect, it } from 'vitest';
import { rate } from './leaderboard-rows.ts';
import {
  autoOutcomes,
  blendOutcomes,
  type Entrant,
  judgeOutcomes,
  OutcomeTable,
  type ScoredAnswer,
  scopePairs,
  type TaskGroup,
  voteOutcome,
} from './outcomes.ts';

const group = (over: Partial<TaskGroup> = {}): TaskGroup => ({
  battleId: 'b1',
  taskId: 't1',
  repeat: 0,
  category: 'creative',
  type: 'qa',
  ...over,
});
const entrant = (i: number, persona?: string): Entrant => ({
  contestantId: `c${i}`,
  key: `ollama:m${i}${persona ? `#${persona}` : ''}`,
  model: `ollama:m${i}`,
});
const scored = (i: number, score: number | null, status: ScoredAnswer['status'] = 'ok'): ScoredAnswer => ({
  ...entrant(i),
  status,
  score,
});

describe('automatic outcomes', () => {
  it('gives k(k−1)/2 pairs for k scored contestants on one task, k = 2…8', () => {
    for (let k = 2; k <= 8; k++) {
      const answers = Array.from({ length: k }, (_, i) => scored(i, i / 10));
      const pairs = autoOutcomes(new OutcomeTable(), group(), answers);
      expect(pairs).toHaveLength((k * (k - 1)) / 2);
      expect(new Set(pairs.map((p) => p.slot)).size).toBe(pairs.length);
    }
  });

  it('lets the higher score win and equal scores tie', () => {
    const [x, y, z] = autoOutcomes(new OutcomeTable(), group(), [
      scored(1, 0.9),
      scored(2, 0.4),
      scored(3, 0.9),
    ]);
    expect(x?.contestant).toMatchObject({ modelA: 'ollama:m1', modelB: 'ollama:m2', winner: 'model_a' });
    expect(y?.contestant).toMatchObject({ modelA: 'ollama:m1', modelB: 'ollama:m3', winner: 'tie' });
    expect(z?.contestant).toMatchObject({ modelA: 'ollama:m2', modelB: 'ollama:m3', winner: 'model_b' });
  });

  it('counts a tie as half a win for each side', () => {
    const table = new OutcomeTable();
    const pairs = scopePairs(autoOutcomes(table, group(), [scored(1, 0.5), scored(2, 0.5)]), 'model');
    const { rows } = rate(pairs, (k) => k, { rounds: 10 });
    expect(rows.map((r) => [r.ties, r.wins, r.losses, r.winRate])).toEqual([
      [1, 0, 0, 0.5],
      [1, 0, 0, 0.5],
    ]);
  });

  it('scores an errored answer 0 and leaves stopped and unscored answers out', () => {
    const pairs = autoOutcomes(new OutcomeTable(), group(), [
      scored(1, 0.2),
      scored(2, null, 'error'),
      scored(3, 1, 'stopped'),
      scored(4, null),
    ]);
    expect(pairs.map((p) => [p.contestant?.modelA, p.contestant?.modelB, p.contestant?.winner])).toEqual([
      ['ollama:m1', 'ollama:m2', 'model_a'],
    ]);
  });

  it('puts each repeat in its own slot but the same battle, so a bootstrap draws them together', () => {
    const table = new OutcomeTable();
    const r0 = autoOutcomes(table, group({ repeat: 0 }), [scored(1, 1), scored(2, 0)]);
    const r1 = autoOutcomes(table, group({ repeat: 1 }), [scored(1, 1), scored(2, 0)]);
    expect(r0[0]?.slot).not.toBe(r1[0]?.slot);
    expect(r0[0]?.contestant?.battleId).toBe(r1[0]?.contestant?.battleId);
  });
});

describe('scopes', () => {
  it('drops a pair of two personas of one model at model scope and keeps it at contestant scope', () => {
    const table = new OutcomeTable();
    const poet = { ...entrant(1, 'poet'), contestantId: 'c1' };
    const critic = { ...entrant(1, 'critic'), contestantId: 'c2' };
    const out = autoOutcomes(table, group(), [
      { ...poet, status: 'ok', score: 1 },
      { ...critic, status: 'ok', score: 0 },
    ]);
    expect(scopePairs(out, 'model')).toEqual([]);
    expect(scopePairs(out, 'contestant')).toEqual([
      { battleId: 'b1', modelA: 'ollama:m1#poet', modelB: 'ollama:m1#critic', winner: 'model_a' },
    ]);
  });

  it('keeps only the slice asked for', () => {
    const table = new OutcomeTable();
    const a = autoOutcomes(table, group({ category: 'creative' }), [scored(1, 1), scored(2, 0)]);
    const b = autoOutcomes(table, group({ taskId: 't2', category: 'code-generation', type: 'qa' }), [
      scored(1, 0),
      scored(2, 1),
    ]);
    const all = [...a, ...b];
    expect(scopePairs(all, 'model', 'category:creative')).toHaveLength(1);
    expect(scopePairs(all, 'model', 'type:qa')).toHaveLength(2);
    expect(scopePairs(all, 'model', 'type:coding')).toHaveLength(0);
  });
});

describe('judge outcomes', () => {
  const entrants = [entrant(1), entrant(2), entrant(3)];

  it('lets the winner beat every other compared answer and does not pair the losers', () => {
    const out = judgeOutcomes(new OutcomeTable(), group(), { winner: 'c2', tie: false }, entrants);
    expect(out.map((o) => [o.contestant?.modelA, o.contestant?.modelB, o.contestant?.winner])).toEqual([
      ['ollama:m1', 'ollama:m2', 'model_b'],
      ['ollama:m2', 'ollama:m3', 'model_a'],
    ]);
  });

  it('ties every compared pair on a tie, and compares only the answers in `order`', () => {
    const out = judgeOutcomes(
      new OutcomeTable(),
      group(),
      { winner: null, tie: true, order: [{ contestantId: 'c3' }, { contestantId: 'c1' }] },
      entrants,
    );
    expect(out.map((o) => [o.contestant?.modelA, o.contestant?.modelB, o.contestant?.winner])).toEqual([
      ['ollama:m1', 'ollama:m3', 'tie'],
    ]);
  });

  it('ignores failed verdicts, unknown winners and verdicts naming neither winner nor tie', () => {
    const t = new OutcomeTable();
    expect(judgeOutcomes(t, group(), { status: 'error', winner: 'c1' }, entrants)).toEqual([]);
    expect(judgeOutcomes(t, group(), { winner: 'c9' }, entrants)).toEqual([]);
    expect(judgeOutcomes(t, group(), { winner: null }, entrants)).toEqual([]);
  });
});

describe('votes', () => {
  it('counts a vote for B shown first like a vote for A shown second (no position term)', () => {
    const table = new OutcomeTable();
    const ab = voteOutcome(table, group(), entrant(1), entrant(2), 'b');
    const ba = voteOutcome(table, group(), entrant(2), entrant(1), 'a');
    expect(ba).toBe(ab);
    expect(ab.contestant).toMatchObject({ modelA: 'ollama:m1', modelB: 'ollama:m2', winner: 'model_b' });
  });

  it("maps 'both bad' to FastChat's 'tie (bothbad)'", () => {
    expect(voteOutcome(new OutcomeTable(), group(), entrant(1), entrant(2), 'bothbad').model?.winner).toBe(
      'tie (bothbad)',
    );
  });

  it('shares one object between identical votes, so a million votes hold few objects', () => {
    const table = new OutcomeTable();
    for (let i = 0; i < 1000; i++) voteOutcome(table, group(), entrant(1), entrant(2), i % 2 ? 'a' : 'tie');
    expect(table.size).toBe(2);
  });
});

describe('sources are kept apart, and the blend says which it took', () => {
  const auto = new OutcomeTable();
  const judge = new OutcomeTable();
  const human = new OutcomeTable();
  // Slot 1: all three sources; slot 2: judge and auto; slot 3: auto only.
  const s1 = group({ taskId: 't1' });
  const s2 = group({ taskId: 't2' });
  const s3 = group({ taskId: 't3' });
  const autos = [s1, s2, s3].flatMap((g) => autoOutcomes(auto, g, [scored(1, 1), scored(2, 0)]));
  const judges = [s1, s2].flatMap((g) => judgeOutcomes(judge, g, { winner: 'c2' }, [entrant(1), entrant(2)]));
  const humans = [
    voteOutcome(human, s1, entrant(1), entrant(2), 'tie'),
    voteOutcome(human, s1, entrant(2), entrant(1), 'a'),
  ];

  it('gives each source only its own outcomes', () => {
    expect(scopePairs(autos, 'model').map((p) => p.winner)).toEqual(['model_a', 'model_a', 'model_a']);
    expect(scopePairs(judges, 'model').map((p) => p.winner)).toEqual(['model_b', 'model_b']);
    expect(scopePairs(humans, 'model').map((p) => p.winner)).toEqual(['tie', 'model_b']);
  });

  it('blends votes where they exist, else the judge, else the automatic outcome', () => {
    const { items, counts } = blendOutcomes(autos, judges, humans);
    expect(counts).toEqual({ human: 2, judge: 1, auto: 1 });
    expect(items.map((o) => [o.slot.split('\u001f')[1], o.model?.winner])).toEqual([
      ['t3', 'model_a'],
      ['t2', 'model_b'],
      ['t1', 'tie'],
      ['t1', 'model_b'],
    ]);
  });
});
