/** The judge's reply: JSON validated with zod against the labels it was shown. */
import { RubricScoresSchema } from '@ringside/shared';
import { z } from 'zod';
import { fencedBlocks } from '../sandbox/extract-code.ts';

export function verdictSchema(labels: readonly string[]) {
  const label = z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine((s) => s === 'TIE' || labels.includes(s), {
      message: `winner must be one of ${labels.join(', ')} or tie`,
    });
  return z
    .object({
      winner: label,
      reasons: z.string().trim().min(1).max(20_000),
      scores: z.record(z.string(), RubricScoresSchema),
    })
    .superRefine((v, ctx) => {
      const missing = labels.filter((l) => !v.scores[l]);
      if (missing.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['scores'],
          message: `scores missing for ${missing.join(', ')}`,
        });
      const extra = Object.keys(v.scores).filter((k) => !labels.includes(k));
      if (extra.length > 0)
        ctx.addIssue({ code: 'custom', path: ['scores'], message: `scores for unknown ${extra.join(', ')}` });
    });
}

export type ParsedVerdict = z.infer<ReturnType<typeof verdictSchema>>;

/** The first JSON object in a reply: the whole text, a fenced block, or the outermost braces. */
export function jsonCandidate(text: string): unknown {
  const candidates = [
    text.trim(),
    ...fencedBlocks(text).map((b) => b.code),
    text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1),
  ];
  for (const candidate of candidates) {
    if (!candidate.startsWith('{')) continue;
    try {
      return JSON.parse(candidate);
    } catch {}
  }
  throw new Error('no JSON object in the reply');
}

export function parseVerdict(
  text: string,
  labels: readonly string[],
): { ok: true; verdict: ParsedVerdict } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = jsonCandidate(text);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const parsed = verdictSchema(labels).safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 4)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, error: `the reply does not match the verdict schema: ${issues.join('; ')}` };
  }
  return { ok: true, verdict: parsed.data };
}
