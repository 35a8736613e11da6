import { type BattleEvent, slotKey } from '@ringside/shared';

type TokenDelta = Extract<BattleEvent, { type: 'token-delta' }>;

/**
 * Merges the token-deltas of one slot within one published batch into one frame, so a viewer
 * gets at most one delta per contestant per batch (~100 ms) whatever the runner's cadence: fewer
 * WebSocket messages for every viewer, and nothing lost (text, chunk offsets and sizes are
 * concatenated, tokens summed; `seq` and `at` are the last merged frame's). Order is kept within
 * a slot; another event of the same slot, or any battle-level event, ends the merge.
 */
export function coalesceFrames(events: readonly BattleEvent[]): BattleEvent[] {
  const out: BattleEvent[] = [];
  const open = new Map<string, number>();
  for (const e of events) {
    if (e.type === 'battle-start' || e.type === 'battle-end' || e.type === 'battle-stop') {
      open.clear();
      out.push(e);
      continue;
    }
    const key = slotKey(e);
    const at = open.get(key);
    if (e.type !== 'token-delta') {
      open.delete(key);
      out.push(e);
    } else if (at === undefined) {
      open.set(key, out.length);
      out.push(e);
    } else {
      out[at] = merge(out[at] as TokenDelta, e);
    }
  }
  return out;
}

function merge(a: TokenDelta, b: TokenDelta): TokenDelta {
  return {
    ...b,
    text: a.text + b.text,
    offsetsMs: a.offsetsMs.concat(b.offsetsMs),
    chars: a.chars.concat(b.chars),
    tokens: a.tokens + b.tokens,
  };
}
