import { PersonaSchema, SamplingSchema } from '@ringside/shared';
import { z } from 'zod';
import { ServerConfigSchema } from '../providers/server-config.ts';

/**
 * The runner's configuration file (`ringside.config.yaml`), parsed once with zod (STYLE rule 5).
 * Secrets never sit in the file: a server names the environment variable that holds its key.
 */

const EnvNameSchema = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. OPENAI_API_KEY');

/** A server as written in the file: `apiKeyEnv` instead of the key itself. */
const { apiKey: _key, ...serverFields } = ServerConfigSchema.shape;
export const ServerEntrySchema = z.object({ ...serverFields, apiKeyEnv: EnvNameSchema.optional() }).strict();

/** A named contestant: a `provider:model` with a persona and sampling (PRODUCT F2). */
export const ProfileSchema = z
  .object({
    model: z.string().regex(/^[a-z0-9][a-z0-9-]*:.+$/, 'provider:model, e.g. ollama:llama3.2'),
    label: z.string().min(1).max(128).optional(),
    persona: PersonaSchema.optional(),
    sampling: SamplingSchema.default({}),
  })
  .strict();
export type Profile = z.infer<typeof ProfileSchema>;

export const TimeoutsSchema = z
  .object({
    connectMs: z.number().int().positive().default(30_000),
    firstTokenMs: z.number().int().positive().default(180_000),
    totalMs: z.number().int().positive().default(600_000),
  })
  .strict();

export const ConfigFileSchema = z
  .object({
    api: z
      .object({
        url: z.url({ protocol: /^https?$/ }).optional(),
        tokenEnv: EnvNameSchema.default('RINGSIDE_TOKEN'),
        /** upload results as they finish; false keeps them in the results folder and spool only */
        upload: z.boolean().default(true),
      })
      .strict()
      .default({ tokenEnv: 'RINGSIDE_TOKEN', upload: true }),
    resultsDir: z.string().min(1).default('Arena'),
    stateDir: z.string().min(1).default('.ringside'),
    servers: z.array(ServerEntrySchema).default([]),
    embedded: z
      .object({
        /** model name → GGUF path; `tiny` is the generated test model unless given here */
        models: z.record(z.string().min(1), z.string().min(1)).default({}),
        gpu: z.union([z.literal('auto'), z.literal(false)]).default('auto'),
        threads: z.number().int().min(1).max(256).optional(),
        contextSize: z.number().int().min(128).optional(),
      })
      .strict()
      .default({ models: {}, gpu: 'auto' }),
    profiles: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/), ProfileSchema).default({}),
    timeouts: TimeoutsSchema.default({ connectMs: 30_000, firstTokenMs: 180_000, totalMs: 600_000 }),
    lanes: z
      .object({ cloudConcurrency: z.number().int().min(1).max(64).default(4) })
      .strict()
      .default({ cloudConcurrency: 4 }),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFileSchema>;
