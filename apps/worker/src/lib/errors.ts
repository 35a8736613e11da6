import type { ApiErrorDetail } from '@ringside/shared';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** A domain error with an API code; mapped to `{ error: { code, message, details } }` by `onError`. */
export class ApiException extends HTTPException {
  readonly code: string;
  readonly details: ApiErrorDetail[] | undefined;

  constructor(status: ContentfulStatusCode, code: string, message: string, details?: ApiErrorDetail[]) {
    super(status, { message });
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string, id: string, path = 'id') =>
  new ApiException(404, 'not_found', `${what} '${id}' does not exist`, [
    { path, message: `unknown ${what}` },
  ]);

type Issue = z.ZodError['issues'][number];

/**
 * A union that matched no option says only "Invalid input"; its issues are those of the option
 * that came closest (fewest issues), so a 1,001-result body names `results` and its limit rather
 * than every field a single result would have needed. Paths inside a union are relative to it.
 */
function flatIssues(
  issues: readonly Issue[],
  base: PropertyKey[] = [],
): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = issue.errors.reduce((best, option) => (option.length < best.length ? option : best));
      if (closest.length > 0) return flatIssues(closest, path);
    }
    return [{ path, message: issue.message }];
  });
}

/** Turns zod issues into details that name the field (dotted path) and the reason. */
export function zodDetails(error: Pick<z.ZodError, 'issues'>, prefix = ''): ApiErrorDetail[] {
  return flatIssues(error.issues)
    .slice(0, 50)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return { path: path || '(body)', message: issue.message };
    });
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** The one error path of the worker (STYLE rule 6). */
export function onError(err: Error, c: Context): Response {
  if (err instanceof ApiException) {
    return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status);
  }
  if (err instanceof HTTPException) {
    // Hono's own exceptions (e.g. malformed JSON in a validator) keep their status.
    const status = err.status;
    const code = STATUS_CODES[status] ?? (status < 500 ? 'bad_request' : 'internal_error');
    return c.json({ error: { code, message: err.message || code } }, status);
  }
  console.error(
    JSON.stringify({ level: 'error', msg: 'unhandled', path: c.req.path, error: String(err?.stack ?? err) }),
  );
  return c.json({ error: { code: 'internal_error', message: 'internal error' } }, 500);
}
