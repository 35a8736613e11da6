import type { BattleEvent, BattleSnapshotEvent } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { sealFrame, sealLetters, sealSnapshot } from './sealed-frames.ts';

const at = '2026-12-01T00:00:00.000Z';
const start: Extract<BattleEvent, { type: 'battle-start' }> = {
  type: 'battle-start',
  battleId: 'b1',
  at,
  title: 'qwen2.5 against the rest',
  battleType: 'qa',
  contestants: [
    { id: 'c1', provider: 'ollama', model: 'qwen2.5:7b', lane: 'local', sampling: {} },
    { id: 'c2', provider: 'openrouter', model: 'zippy', lane: 'cloud', sampling: {} },
  ],
  tasks: [{ id: 't1', prompt: 'A haiku' }],
};
const letterOf = sealLetters(start);
const slot = { battleId: 'b1', contestantId: 'c2', taskId: 't1', repeat: 0, at };
const metrics = {
  ttftMs: 480.2,
  e2eMs: 2345,
  tpotMs: null,
  itlMs: null,
  decodeTpsClient: 310,
  decodeTpsServer: null,
  promptTokens: 9,
  outputTokens: 211,
  outputTokensSource: 'usage' as const,
  loadMs: 1200,
  costUsd: 0.01,
};

describe('sealed live frames', () => {
  it('letters the contestants and neutralises a title that names one', () => {
    const out = sealFrame(start, letterOf);
    expect(out).toMatchObject({
      title: 'Blind battle',
      contestants: [
        { id: 'A', label: 'A', sealed: true },
        { id: 'B', label: 'B', sealed: true },
      ],
      tasks: start.tasks,
    });
    expect(JSON.stringify(out)).not.toMatch(/qwen|zippy|ollama|openrouter|c1|c2/);
  });

  it('sends token progress without text, rounded speed, no load time, and errors without messages', () => {
    const delta = sealFrame(
      { type: 'token-delta', ...slot, seq: 0, text: 'I am zippy', offsetsMs: [480], chars: [10], tokens: 3 },
      letterOf,
    );
    expect(delta).toMatchObject({ contestantId: 'B', text: '', chars: [], offsetsMs: [480], tokens: 3 });
    expect(sealFrame({ type: 'contestant-load', ...slot, loadMs: 1200 }, letterOf)).toBeNull();
    const end = sealFrame({ type: 'result-end', ...slot, status: 'ok', metrics, error: null }, letterOf);
    expect(end).toMatchObject({
      metrics: { ttftMs: 500, e2eMs: 2000, outputTokens: null, loadMs: null, costUsd: null },
    });
    const failed = sealFrame(
      {
        type: 'contestant-error',
        ...slot,
        error: { kind: 'http-error', message: 'zippy: 404', retryable: false },
      },
      letterOf,
    );
    expect(failed).toMatchObject({ contestantId: 'B', error: { kind: 'http-error', message: '' } });
    expect(sealFrame({ type: 'battle-stop', battleId: 'b1', at, reason: 'zippy hung' }, letterOf)).toEqual({
      type: 'battle-stop',
      battleId: 'b1',
      at,
    });
  });

  it('seals a snapshot: letters, empty texts, and says so', () => {
    const snap: BattleSnapshotEvent = {
      type: 'battle-snapshot',
      battleId: 'b1',
      at,
      start,
      state: 'running',
      sealed: false,
      slots: [
        {
          contestantId: 'c1',
          taskId: 't1',
          repeat: 0,
          phase: 'done',
          text: 'As Qwen I say hi',
          tokens: 5,
          firstOffsetMs: 12,
          lastOffsetMs: 150,
          loadMs: 900,
          metrics,
          error: null,
        },
      ],
    };
    const out = sealSnapshot(snap, letterOf);
    expect(out).toMatchObject({
      sealed: true,
      slots: [{ contestantId: 'A', text: '', tokens: 5, loadMs: null, firstOffsetMs: 12 }],
    });
    expect(JSON.stringify(out)).not.toMatch(/qwen|zippy|c1|c2/i);
  });
});
