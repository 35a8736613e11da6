import type { Battle, StoredResult } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { NEUTRAL_TITLE, sealBattle, sealOverride, sealResult } from './seal-view.ts';

const contestants: Battle['contestants'] = [
  { id: 'c1', provider: 'ollama', model: 'qwen2.5:7b', label: 'Quick one', lane: 'local', sampling: {} },
  {
    id: 'c2',
    provider: 'openai',
    model: 'gpt-4o-mini',
    lane: 'cloud',
    sampling: { temperature: 0.3 },
    persona: { name: 'pirate', systemPrompt: 'Arr.' },
  },
];

const battle: Battle = {
  id: 'b1',
  type: 'qa',
  origin: 'runner',
  title: 'Sea haiku',
  state: 'done',
  suite: null,
  ci: { branch: 'try-qwen' },
  tasks: [{ id: 't1', category: 'creative', prompt: 'A haiku', assertions: [] }],
  contestants,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  startedAt: null,
  endedAt: null,
};

const result = (over: Partial<StoredResult> = {}): StoredResult => ({
  id: 'b1.c2.t1.0',
  battleId: 'b1',
  contestantId: 'c2',
  taskId: 't1',
  repeat: 0,
  status: 'ok',
  output: { text: 'Waves fold into foam', reasoning: 'think' },
  metrics: {
    ttftMs: 12.5,
    e2eMs: 153.4,
    tpotMs: null,
    itlMs: null,
    decodeTpsClient: 250,
    decodeTpsServer: null,
    promptTokens: 20,
    outputTokens: 18,
    outputTokensSource: 'usage',
    loadMs: null,
    costUsd: 0.001,
  },
  chunks: { dtUs: [1], chars: [1] },
  server: null,
  score: 0.5,
  passed: true,
  evaluations: [
    {
      id: 'b1.c2.t1.0:j',
      source: 'judge',
      evaluator: 'judge',
      score: 1,
      raw: null,
      maxScore: null,
      passed: null,
      details: { reasons: 'c2 wins' },
    },
  ],
  telemetry: null,
  fingerprint: { runnerVersion: '1' } as unknown as StoredResult['fingerprint'],
  error: null,
  startedAt: '2026-12-01T00:00:00.000Z',
  endedAt: '2026-12-01T00:00:00.153Z',
  provider: 'openai',
  model: 'gpt-4o-mini',
  category: 'creative',
  createdAt: '2026-12-01T00:00:01.000Z',
  ...over,
});

describe('sealBattle', () => {
  it('keeps tasks and state, shows contestants as letters and drops CI metadata', () => {
    const v = sealBattle(battle, { revealAt: null });
    expect(v.contestants).toEqual([
      { id: 'A', label: 'A', sealed: true },
      { id: 'B', label: 'B', sealed: true },
    ]);
    expect(v).toMatchObject({ title: 'Sea haiku', tasks: battle.tasks, state: 'done', ci: null });
    expect(v.sealed).toEqual({ revealAt: null });
    expect(JSON.stringify(v)).not.toMatch(/qwen|gpt|ollama|openai|pirate|Quick one|c1|c2/);
  });

  it('replaces a title that names a model, a maker, a label or a persona', () => {
    for (const title of [
      'Qwen vs the rest',
      'gpt-4o-mini on haiku',
      'Quick one wins?',
      'pirate talk',
      'OpenAI test',
    ]) {
      expect(sealBattle({ ...battle, title }, { revealAt: null }).title).toBe(NEUTRAL_TITLE);
    }
  });
});

describe('sealResult', () => {
  it('keeps text, status and scores, letters the contestant and rounds speed', () => {
    const s = sealResult(result(), contestants);
    expect(s).toMatchObject({
      id: 'b1:B:t1:0',
      contestantId: 'B',
      output: { text: 'Waves fold into foam' },
      withheld: false,
      score: 0.5,
      metrics: { ttftMs: 10, e2eMs: 200, decodeTpsClient: 200, outputTokens: null, costUsd: null },
      sealed: true,
    });
    expect(s.evaluations).toEqual([
      { source: 'judge', evaluator: 'judge', score: 1, raw: null, maxScore: null, passed: null },
    ]);
    expect(JSON.stringify(s)).not.toMatch(/gpt|openai|c2|think|runnerVersion|startedAt/);
  });

  it('withholds an answer that names its model, and keeps only the kind of an error', () => {
    expect(sealResult(result({ output: { text: 'As GPT-4o I think…' } }), contestants)).toMatchObject({
      output: { text: '' },
      withheld: true,
    });
    const failed = sealResult(
      result({
        status: 'error',
        error: { kind: 'http-error', message: "model 'gpt-4o-mini' not found", retryable: false },
      }),
      contestants,
    );
    expect(failed.error).toEqual({ kind: 'http-error' });
  });
});

describe('sealOverride', () => {
  it('names the winner by letter and drops the note and who set it', () => {
    const o = sealOverride(
      {
        taskId: 't1',
        winner: 'c1',
        tie: false,
        note: 'qwen nailed it',
        setBy: 'alice',
        updatedAt: battle.createdAt,
      },
      contestants,
    );
    expect(o).toEqual({
      taskId: 't1',
      winner: 'A',
      tie: false,
      note: null,
      setBy: null,
      updatedAt: battle.createdAt,
    });
  });
});
