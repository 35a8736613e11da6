import { z } from 'zod';
import { SamplingSchema } from './contestant.ts';

/**
 * What is needed to reproduce a result (PRODUCT F29). Everything is optional: a field is filled
 * where the server exposes it or the model file is local, and left out otherwise.
 */
export const FingerprintSchema = z
  .object({
    model: z
      .object({
        file: z.string().max(1_024).optional(),
        sizeBytes: z.number().int().min(0).optional(),
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
        quantization: z.string().max(64).optional(),
        contextSize: z.number().int().min(0).optional(),
        parameters: z.number().int().min(0).optional(),
      })
      .strict()
      .default({}),
    sampling: SamplingSchema.default({}),
    engine: z
      .object({ name: z.string().max(128).optional(), version: z.string().max(128).optional() })
      .strict()
      .default({}),
    gpus: z
      .array(z.object({ name: z.string().max(256), driver: z.string().max(128).optional() }).strict())
      .max(64)
      .default([]),
    runner: z
      .object({ version: z.string().max(64) })
      .strict()
      .optional(),
    os: z
      .object({ platform: z.string().max(64), release: z.string().max(128), arch: z.string().max(32) })
      .strict()
      .optional(),
    cpu: z.string().max(256).optional(),
  })
  .strict();
export type Fingerprint = z.infer<typeof FingerprintSchema>;
