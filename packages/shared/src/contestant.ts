import { z } from 'zod';
import { IdSchema } from './ids.ts';

/** Sampling settings of a contestant (PRODUCT F2). Absent fields mean "the server's default". */
export const SamplingSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().gt(0).max(1).optional(),
    topK: z.number().int().min(0).optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
    seed: z.number().int().optional(),
    stop: z.array(z.string().max(1_000)).max(16, 'at most 16 stop sequences').optional(),
  })
  .strict();
export type Sampling = z.infer<typeof SamplingSchema>;

export const PersonaSchema = z
  .object({
    name: z.string().min(1).max(64),
    systemPrompt: z.string().max(32_000).optional(),
  })
  .strict();
export type Persona = z.infer<typeof PersonaSchema>;

/** Which lane runs a contestant (PRODUCT §3): local servers strictly one at a time, cloud in parallel. */
export const LaneSchema = z.enum(['local', 'cloud']);
export type Lane = z.infer<typeof LaneSchema>;

/** Provider ids understood by the runner's registry; `provider:model` names a contestant. */
export const ProviderIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and -');

/**
 * One competitor. Its identity is provider + model + persona, not the model alone: the same model
 * may appear twice with different personas.
 */
export const ContestantSchema = z
  .object({
    id: IdSchema,
    provider: ProviderIdSchema,
    model: z.string().min(1).max(256),
    label: z.string().min(1).max(128).optional(),
    lane: LaneSchema,
    persona: PersonaSchema.optional(),
    sampling: SamplingSchema.default({}),
  })
  .strict();
export type Contestant = z.infer<typeof ContestantSchema>;
export type ContestantInput = z.input<typeof ContestantSchema>;

/**
 * A contestant as the public sees it while its battle is blind (PRODUCT F13): only its letter, by
 * position (A, B, …). Provider, model, label, persona, lane and sampling are left out, because
 * the battle's answers are being voted on blind; the battle's owner and admins see the full one.
 */
export const SealedContestantSchema = z.object({
  id: z.string(),
  label: z.string(),
  sealed: z.literal(true),
});
export type SealedContestant = z.infer<typeof SealedContestantSchema>;

/** What a read serves: the full contestant, or its sealed stand-in. */
export const ContestantViewSchema = z.union([ContestantSchema, SealedContestantSchema]);
export type ContestantView = z.infer<typeof ContestantViewSchema>;

export const isSealedContestant = (c: ContestantView): c is SealedContestant => 'sealed' in c;

/** The identity key of a contestant for ratings: `provider:model` plus `#persona` when it has one. */
export function contestantKey(c: Pick<Contestant, 'provider' | 'model' | 'persona'>): string {
  const base = `${c.provider}:${c.model}`;
  return c.persona ? `${base}#${c.persona.name}` : base;
}
