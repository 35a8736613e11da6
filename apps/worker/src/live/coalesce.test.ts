import { BattleEventSchema } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { liveEvents } from '../test/live-helpers.ts';
import { coalesceFrames } from './coalesce.ts';

const e = liveEvents('b1');
const frames = (...xs: Parameters<typeof BattleEventSchema.parse>[0][]) =>
  xs.map((x) => BattleEventSchema.parse(x));

describe('coalesceFrames', () => {
  it('merges consecutive deltas of a slot, keeping text, offsets, sizes and the last seq', () => {
    const out = coalesceFrames(
      frames(e.delta('c1', 0, 'a', 5), e.delta('c2', 0, 'x', 6), e.delta('c1', 1, 'b', 9)),
    );
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      contestantId: 'c1',
      seq: 1,
      text: 'ab',
      offsetsMs: [5, 9],
      chars: [1, 1],
      tokens: 2,
    });
    expect(out[1]).toMatchObject({ contestantId: 'c2', seq: 0, text: 'x' });
  });

  it('does not merge across another event of the slot or a battle-level event', () => {
    const out = coalesceFrames(
      frames(
        e.delta('c1', 0, 'a'),
        e.resultEnd('c1'),
        e.delta('c1', 1, 'b'),
        e.stop(),
        e.delta('c1', 2, 'c'),
      ),
    );
    expect(out.map((f) => f.type)).toEqual([
      'token-delta',
      'result-end',
      'token-delta',
      'battle-stop',
      'token-delta',
    ]);
  });
});
