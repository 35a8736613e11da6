import { z } from 'zod';
import { jsonBounds } from './json-value.ts';

/** One GPU's reading at one instant (PRODUCT F7). Fields a tool cannot read are null. */
export const GpuReadingSchema = z
  .object({
    index: z.number().int().min(0),
    name: z.string().max(256).nullable(),
    vramUsedMb: z.number().min(0).nullable(),
    vramTotalMb: z.number().min(0).nullable(),
    utilizationPct: z.number().min(0).max(100).nullable(),
    temperatureC: z.number().nullable(),
    powerW: z.number().min(0).nullable(),
  })
  .strict();
export type GpuReading = z.infer<typeof GpuReadingSchema>;

export const TelemetrySampleSchema = z
  .object({
    /** ms since the contestant's request was sent */
    tMs: z.number().min(0),
    gpus: z.array(GpuReadingSchema).max(64),
  })
  .strict();

/** GPU telemetry while a contestant ran; `source: 'none'` when the box has no GPU to read. */
export const TelemetrySchema = z
  .object({
    source: z.enum(['nvidia-smi', 'simulated', 'none', 'ci']),
    samples: z.array(TelemetrySampleSchema).max(100_000).default([]),
    /** Free-form counters a CI job reports (tool calls, workspace, ...). */
    counters: z.record(z.string(), z.number()).superRefine(jsonBounds()).optional(),
  })
  .strict();
export type Telemetry = z.infer<typeof TelemetrySchema>;
