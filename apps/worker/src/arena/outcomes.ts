/**
 * Pairwise outcomes from stored battles (PRODUCT §6), one source at a time: automatic scores,
 * LLM-judge verdicts and blind votes, plus the blend. Pure: the loaders in
 * `queries/rating-pairs.ts` read D1 and call these.
 *
 * Every outcome is tagged with its slot — battle × task × repeat × the two contestants — and
 * with the category and battle type the leaderboard slices by. Identical outcomes share one
 * object (a million votes on a few thousand pairs of answers hold a few thousand objects), and
 * the two contestants are always put in contestant-id order, so a pair shown as B-vs-A counts
 * like A-vs-B (Bradley–Terry has no position term).
 */
import type { JudgeOutcome, PairOutcome, VoteChoice, Winner } from '@ringside/shared';

/** Who gave an answer, at both scopes. */
export type Entrant = {
  contestantId: string;
  /** provider:model#persona */
  key: string;
  /** provider:model */
  model: string;
};

export type TaskGroup = {
  battleId: string;
  taskId: string;
  repeat: number;
  category: string;
  type: string;
};

export type TaggedOutcome = {
  slot: string;
  category: string;
  type: string;
  /** null when both answers came from the same contestant key */
  contestant: PairOutcome | null;
  /** null when both answers came from the same model (two personas of it) */
  model: PairOutcome | null;
};

export type Slice = 'all' | `category:${string}` | `type:${string}`;
export type Scope = 'model' | 'contestant';

const SEP = '\u001f';
const flip = (w: Winner): Winner => (w === 'model_a' ? 'model_b' : w === 'model_b' ? 'model_a' : w);

/** Interns outcomes so that identical ones are one object. */
export class OutcomeTable {
  readonly #seen = new Map<string, TaggedOutcome>();
  /** contestant key → its model key, for every entrant seen (the leaderboard labels rows with it) */
  readonly modelOf = new Map<string, string>();

  outcome(group: TaskGroup, a: Entrant, b: Entrant, winner: Winner): TaggedOutcome {
    if (a.contestantId > b.contestantId) return this.outcome(group, b, a, flip(winner));
    const slot = slotOf(group, a.contestantId, b.contestantId);
    const id = `${slot}${SEP}${winner}`;
    let out = this.#seen.get(id);
    if (out === undefined) {
      const pair = (x: string, y: string): PairOutcome | null =>
        x === y ? null : { battleId: group.battleId, modelA: x, modelB: y, winner };
      out = {
        slot,
        category: group.category,
        type: group.type,
        contestant: pair(a.key, b.key),
        model: pair(a.model, b.model),
      };
      this.#seen.set(id, out);
      this.modelOf.set(a.key, a.model);
      this.modelOf.set(b.key, b.model);
    }
    return out;
  }

  get size(): number {
    return this.#seen.size;
  }
}

export function slotOf(group: TaskGroup, contestantX: string, contestantY: string): string {
  const [lo, hi] = contestantX < contestantY ? [contestantX, contestantY] : [contestantY, contestantX];
  return `${group.battleId}${SEP}${group.taskId}${SEP}${group.repeat}${SEP}${lo}${SEP}${hi}`;
}

export type ScoredAnswer = Entrant & { status: 'ok' | 'error' | 'stopped'; score: number | null };

/**
 * The automatic source: every two scored answers of one task group make a pair, the higher score
 * winning and equal scores tying. An ok answer needs a score to take part; an answer that ended
 * in an error scores 0 (it failed the task); a stopped one takes no part.
 */
export function autoOutcomes(table: OutcomeTable, group: TaskGroup, answers: readonly ScoredAnswer[]) {
  const scored: { entrant: Entrant; score: number }[] = [];
  for (const a of answers) {
    if (a.status === 'error') scored.push({ entrant: a, score: 0 });
    else if (a.status === 'ok' && a.score !== null) scored.push({ entrant: a, score: a.score });
  }
  const out: TaggedOutcome[] = [];
  for (let i = 0; i < scored.length; i++) {
    const x = scored[i]!;
    for (let j = i + 1; j < scored.length; j++) {
      const y = scored[j]!;
      const winner: Winner = x.score > y.score ? 'model_a' : x.score < y.score ? 'model_b' : 'tie';
      out.push(table.outcome(group, x.entrant, y.entrant, winner));
    }
  }
  return out;
}

/**
 * The judge source, from one verdict on one task group (`JudgeOutcomeSchema` says what a verdict
 * carries). `entrants` are the group's answers; the verdict's `order`, when given, narrows them to
 * the ones the judge saw. A winner beats each other answer it was compared with; losers are not
 * paired with each other; a tie ties every pair. Error verdicts, unknown winners and verdicts
 * naming neither a winner nor a tie give nothing.
 */
export function judgeOutcomes(
  table: OutcomeTable,
  group: TaskGroup,
  verdict: JudgeOutcome,
  entrants: readonly Entrant[],
): TaggedOutcome[] {
  if (verdict.status === 'error') return [];
  const byId = new Map(entrants.map((e) => [e.contestantId, e]));
  const compared = verdict.order
    ? verdict.order.flatMap((o) => byId.get(o.contestantId) ?? [])
    : [...entrants];
  const out: TaggedOutcome[] = [];
  if (verdict.winner === null) {
    if (verdict.tie !== true) return [];
    for (let i = 0; i < compared.length; i++)
      for (let j = i + 1; j < compared.length; j++)
        out.push(table.outcome(group, compared[i]!, compared[j]!, 'tie'));
    return out;
  }
  const winner = compared.find((e) => e.contestantId === verdict.winner);
  if (!winner) return [];
  for (const other of compared) {
    if (other !== winner) out.push(table.outcome(group, winner, other, 'model_a'));
  }
  return out;
}

const VOTE_WINNER: Record<VoteChoice, Winner> = {
  a: 'model_a',
  b: 'model_b',
  tie: 'tie',
  bothbad: 'tie (bothbad)',
};

/** The human source: one blind vote between the answers shown as A and B. */
export function voteOutcome(
  table: OutcomeTable,
  group: TaskGroup,
  a: Entrant,
  b: Entrant,
  choice: VoteChoice,
): TaggedOutcome {
  return table.outcome(group, a, b, VOTE_WINNER[choice]);
}

export type BlendCounts = { human: number; judge: number; auto: number };

/**
 * The blend (`BLEND_RULE`): per slot, the human votes where any exist, else the judge's verdicts,
 * else the automatic outcome. Automatic outcomes come first, then judge, then human, each in
 * its own order (online Elo depends on order).
 */
export function blendOutcomes(
  auto: readonly TaggedOutcome[],
  judge: readonly TaggedOutcome[],
  human: readonly TaggedOutcome[],
): { items: TaggedOutcome[]; counts: BlendCounts } {
  const humanSlots = new Set(human.map((o) => o.slot));
  const judgeSlots = new Set<string>();
  const items: TaggedOutcome[] = [];
  const counts: BlendCounts = { human: human.length, judge: 0, auto: 0 };
  for (const o of judge) {
    if (humanSlots.has(o.slot)) continue;
    judgeSlots.add(o.slot);
  }
  for (const o of auto) {
    if (humanSlots.has(o.slot) || judgeSlots.has(o.slot)) continue;
    items.push(o);
    counts.auto++;
  }
  for (const o of judge) {
    if (humanSlots.has(o.slot)) continue;
    items.push(o);
    counts.judge++;
  }
  for (const o of human) items.push(o);
  return { items, counts };
}

export function inSlice(o: TaggedOutcome, slice: Slice): boolean {
  if (slice === 'all') return true;
  if (slice.startsWith('category:')) return o.category === slice.slice('category:'.length);
  return o.type === slice.slice('type:'.length);
}

/** The pairs of one scope in one slice, dropping outcomes between the same key. */
export function scopePairs(
  items: readonly TaggedOutcome[],
  scope: Scope,
  slice: Slice = 'all',
): PairOutcome[] {
  const out: PairOutcome[] = [];
  for (const o of items) {
    if (slice !== 'all' && !inSlice(o, slice)) continue;
    const p = scope === 'model' ? o.model : o.contestant;
    if (p !== null) out.push(p);
  }
  return out;
}
