import { z } from 'zod';

/**
 * Client-chosen identifiers (battles, contestants, results, tasks). They appear in URLs and
 * file names, so they are restricted to a URL- and filesystem-safe alphabet.
 */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'use letters, digits and . _ : - (starting with a letter or digit)',
  );

/** ISO-8601 timestamp with offset, e.g. `2026-11-22T01:19:10.000Z`. */
export const TimestampSchema = z.iso.datetime({ offset: true });
