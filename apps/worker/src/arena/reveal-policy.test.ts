import { describe, expect, it } from 'vitest';
import { DEFAULT_REVEAL, HOUR_MS, revealPolicy } from './reveal-policy.ts';

describe('revealPolicy', () => {
  it('reads hours and votes from the vars, 0 votes meaning the window alone', () => {
    expect(revealPolicy({ ARENA_REVEAL_AFTER_HOURS: '1.5', ARENA_REVEAL_AFTER_VOTES: '12' })).toEqual({
      afterMs: 1.5 * HOUR_MS,
      afterVotes: 12,
    });
    expect(revealPolicy({ ARENA_REVEAL_AFTER_VOTES: '0' }).afterVotes).toBeNull();
  });

  it('takes the defaults for missing or invalid values rather than revealing early', () => {
    expect(revealPolicy({})).toEqual(DEFAULT_REVEAL);
    expect(revealPolicy({ ARENA_REVEAL_AFTER_HOURS: 'soon', ARENA_REVEAL_AFTER_VOTES: '-3' })).toEqual(
      DEFAULT_REVEAL,
    );
    expect(revealPolicy({ ARENA_REVEAL_AFTER_HOURS: '0' })).toEqual(DEFAULT_REVEAL);
  });
});
