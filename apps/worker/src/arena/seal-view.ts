/**
 * The sealed views of a blind battle (PRODUCT F13, README "Blind votes"): what a reader who is
 * neither its owner nor an admin gets instead of the battle, its results and its overrides. Pure.
 * Contestants become letters by position (A, B, …), the same letters everywhere; nothing that
 * names them (provider, model, label, persona, lane, sampling, fingerprint, telemetry, server
 * figures, error messages, judges' reasons, owner's notes) is kept, and an answer that names its
 * model is withheld, as the voting pool would leave it out.
 */
import type {
  Battle,
  BattleView,
  Contestant,
  Evaluation,
  SealedContestant,
  SealedResult,
  SealInfo,
  StoredResult,
  WinnerOverride,
} from '@ringside/shared';
import { coarseMetrics } from './coarse.ts';
import { identityLeak } from './identity-leak.ts';

type Named = Pick<Contestant, 'id' | 'provider' | 'model' | 'label' | 'persona'>;

/** The title shown instead of one that names a contestant. */
export const NEUTRAL_TITLE = 'Blind battle';

export const letterOf = (position: number) => String.fromCharCode(65 + position);

/** Contestant id → letter, by position. */
export function lettersOf(contestants: readonly Pick<Contestant, 'id'>[]): Map<string, string> {
  return new Map(contestants.map((c, i) => [c.id, letterOf(i)]));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const containsWord = (text: string, word: string) =>
  new RegExp(`(?<![\\w-])${escapeRe(word)}(?![\\w-])`, 'i').test(text);

/**
 * True when `text` names one of the contestants: a model family or maker or a model id (the
 * voting pool's rule, identity-leak.ts), or a contestant's label or persona name.
 */
export function namesAContestant(text: string, contestants: readonly Named[]): boolean {
  return contestants.some(
    (c) =>
      identityLeak(text, c) !== null ||
      [c.label, c.persona?.name].some((w) => w !== undefined && w.length >= 3 && containsWord(text, w)),
  );
}

export function sealContestants(contestants: readonly Pick<Contestant, 'id'>[]): SealedContestant[] {
  return contestants.map((_, i) => ({ id: letterOf(i), label: letterOf(i), sealed: true }));
}

export const sealedTitle = (title: string, contestants: readonly Named[]) =>
  namesAContestant(title, contestants) ? NEUTRAL_TITLE : title;

/** A battle as the public sees it while blind. */
export function sealBattle(b: Battle, seal: SealInfo): BattleView {
  return {
    ...b,
    title: sealedTitle(b.title, b.contestants),
    ci: null,
    contestants: sealContestants(b.contestants),
    sealed: seal,
  };
}

const sealEvaluation = ({ id: _id, details: _details, ...e }: Evaluation): Evaluation => e;

/** A result of a blind battle as the public sees it; `contestants` are the battle's, in position order. */
export function sealResult(r: StoredResult, contestants: readonly Named[]): SealedResult {
  const i = contestants.findIndex((c) => c.id === r.contestantId);
  const letter = i >= 0 ? letterOf(i) : '?';
  const withheld = namesAContestant(r.output.text, contestants);
  return {
    id: `${r.battleId}:${letter}:${r.taskId}:${r.repeat}`,
    battleId: r.battleId,
    contestantId: letter,
    taskId: r.taskId,
    repeat: r.repeat,
    status: r.status,
    output: { text: withheld ? '' : r.output.text },
    withheld,
    metrics: coarseMetrics(r.metrics),
    score: r.score,
    passed: r.passed,
    evaluations: r.evaluations.map(sealEvaluation),
    error: r.error ? { kind: r.error.kind } : null,
    category: r.category,
    createdAt: r.createdAt,
    sealed: true,
  };
}

/** The owner's winner of a task, by letter and without the note. */
export function sealOverride(
  o: WinnerOverride,
  contestants: readonly Pick<Contestant, 'id'>[],
): WinnerOverride {
  const letters = lettersOf(contestants);
  return { ...o, winner: o.winner === null ? null : (letters.get(o.winner) ?? '?'), note: null, setBy: null };
}
