/**
 * A task's overall score from its parts: the weighted mean of the part scores; passed when every
 * part passed, or — when the task sets `passThreshold` — when the score reaches it (promptfoo's
 * rule). Parts that could not be evaluated (score null) count neither way.
 */
export interface Part {
  weight: number;
  score: number | null;
  passed: boolean | null;
}

export function combineParts(
  parts: readonly Part[],
  passThreshold: number | undefined,
): { score: number | null; passed: boolean | null } {
  const counted = parts.filter((p) => p.score !== null && p.weight > 0);
  if (counted.length === 0) return { score: null, passed: null };
  const weight = counted.reduce((s, p) => s + p.weight, 0);
  const score = counted.reduce((s, p) => s + p.weight * (p.score as number), 0) / weight;
  const passed =
    passThreshold === undefined ? counted.every((p) => p.passed === true) : score >= passThreshold - 1e-12;
  return { score, passed };
}
