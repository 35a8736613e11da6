/**
 * When a blind battle's identities become public (PRODUCT F13, README "Blind votes"): the
 * operator's `ARENA_REVEAL_AFTER_HOURS` and `ARENA_REVEAL_AFTER_VOTES` (wrangler.toml [vars]).
 */
import { z } from 'zod';

export type RevealPolicy = {
  /** how long after entering the voting pool a battle stays blind */
  afterMs: number;
  /** votes on a battle's pairs that reveal it sooner; null: only the window does */
  afterVotes: number | null;
};

export const HOUR_MS = 3_600_000;
export const DEFAULT_REVEAL: RevealPolicy = { afterMs: 72 * HOUR_MS, afterVotes: 30 };

const Hours = z.coerce
  .number()
  .positive()
  .max(24 * 366 * 10);
/** 0 turns the vote count off. */
const Votes = z.coerce.number().int().min(0).max(1_000_000);

const warned = new Set<string>();
function warnOnce(name: string, value: string) {
  if (warned.has(name)) return;
  warned.add(name);
  console.warn(JSON.stringify({ level: 'warn', msg: `${name} is not valid; using the default`, value }));
}

/**
 * The policy from the worker's vars. A missing value takes the default; an invalid one too, with
 * a warning: a typo must not make every battle public (nor take the site down).
 */
export function revealPolicy(env: {
  ARENA_REVEAL_AFTER_HOURS?: string | undefined;
  ARENA_REVEAL_AFTER_VOTES?: string | undefined;
}): RevealPolicy {
  let { afterMs, afterVotes } = DEFAULT_REVEAL;
  const hours = env.ARENA_REVEAL_AFTER_HOURS?.trim();
  if (hours) {
    const parsed = Hours.safeParse(hours);
    if (parsed.success) afterMs = Math.round(parsed.data * HOUR_MS);
    else warnOnce('ARENA_REVEAL_AFTER_HOURS', hours);
  }
  const votes = env.ARENA_REVEAL_AFTER_VOTES?.trim();
  if (votes) {
    const parsed = Votes.safeParse(votes);
    if (parsed.success) afterVotes = parsed.data === 0 ? null : parsed.data;
    else warnOnce('ARENA_REVEAL_AFTER_VOTES', votes);
  }
  return { afterMs, afterVotes };
}
