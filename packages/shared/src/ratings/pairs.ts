/**
 * Pairwise outcomes: the unit every rating is computed from (PRODUCT §6). A battle with k
 * contestants yields k(k−1)/2 of them; all pairs of one battle share its `battleId`.
 */
import { z } from 'zod';

/** FastChat's outcome vocabulary. Both tie kinds count half a win and half a loss for each side. */
export const WinnerSchema = z.enum(['model_a', 'model_b', 'tie', 'tie (bothbad)']);
export type Winner = z.infer<typeof WinnerSchema>;

export const PairOutcomeSchema = z
  .object({
    battleId: z.string().min(1),
    modelA: z.string().min(1),
    modelB: z.string().min(1),
    winner: WinnerSchema,
  })
  .refine((p) => p.modelA !== p.modelB, { message: 'a model cannot be paired with itself' });
export type PairOutcome = z.infer<typeof PairOutcomeSchema>;

/** One line of the JSON Lines interchange format (FastChat's field names). */
export const PairOutcomeLineSchema = z
  .object({
    battle_id: z.string().min(1),
    model_a: z.string().min(1),
    model_b: z.string().min(1),
    winner: WinnerSchema,
  })
  .refine((p) => p.model_a !== p.model_b, { message: 'a model cannot be paired with itself' });
export type PairOutcomeLine = z.infer<typeof PairOutcomeLineSchema>;

export function pairFromLine(line: PairOutcomeLine): PairOutcome {
  return { battleId: line.battle_id, modelA: line.model_a, modelB: line.model_b, winner: line.winner };
}

export function lineFromPair(pair: PairOutcome): PairOutcomeLine {
  return { battle_id: pair.battleId, model_a: pair.modelA, model_b: pair.modelB, winner: pair.winner };
}

/** Parses JSON Lines text (blank lines skipped); throws naming the first bad line. */
export function parsePairLines(text: string): PairOutcome[] {
  const pairs: PairOutcome[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (raw === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new SyntaxError(`line ${i + 1}: not JSON`);
    }
    const parsed = PairOutcomeLineSchema.safeParse(json);
    if (!parsed.success)
      throw new TypeError(`line ${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    pairs.push(pairFromLine(parsed.data));
  }
  return pairs;
}

/** Score of model A: 1 for a win, 0 for a loss, 0.5 for either kind of tie. */
export function scoreOfA(winner: Winner): number {
  return winner === 'model_a' ? 1 : winner === 'model_b' ? 0 : 0.5;
}

export type ScoredContestant = { key: string; score: number };

/**
 * Every pair of a battle's contestants, in input order (i < j gives modelA = i, modelB = j).
 * Higher score wins; equal scores tie. k contestants give k(k−1)/2 pairs.
 */
export function pairsFromScores(battleId: string, contestants: readonly ScoredContestant[]): PairOutcome[] {
  const keys = new Set<string>();
  for (const c of contestants) {
    if (keys.has(c.key)) throw new RangeError(`contestant ${c.key} appears twice in battle ${battleId}`);
    if (Number.isNaN(c.score)) throw new RangeError(`contestant ${c.key} has a NaN score`);
    keys.add(c.key);
  }
  const pairs: PairOutcome[] = [];
  for (let i = 0; i < contestants.length; i++) {
    const a = contestants[i] as ScoredContestant;
    for (let j = i + 1; j < contestants.length; j++) {
      const b = contestants[j] as ScoredContestant;
      const winner: Winner = a.score > b.score ? 'model_a' : a.score < b.score ? 'model_b' : 'tie';
      pairs.push({ battleId, modelA: a.key, modelB: b.key, winner });
    }
  }
  return pairs;
}

export type RankedContestant = { key: string; rank: number };

/** Like `pairsFromScores` for a finishing order: rank 1 is best, a lower rank wins, equal ranks tie. */
export function pairsFromRanking(battleId: string, contestants: readonly RankedContestant[]): PairOutcome[] {
  return pairsFromScores(
    battleId,
    contestants.map((c) => ({ key: c.key, score: -c.rank })),
  );
}
