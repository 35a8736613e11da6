import { hashToken, type TokenScope, tokenId } from '@ringside/shared';
import { and, eq, isNull } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { getDb } from '../db/client.ts';
import { tokens } from '../db/schema.ts';
import { ApiException } from '../lib/errors.ts';

export interface Caller {
  tokenId: string;
  name: string;
  scope: TokenScope;
}

export type AuthEnv = { Bindings: Env; Variables: { caller: Caller; requestStart: number } };

const encoder = new TextEncoder();

/** Constant-time equality of two hex digests (equal length by construction). */
function digestsEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  if (x.byteLength !== y.byteLength) return false;
  return crypto.subtle.timingSafeEqual(x, y);
}

const unauthorized = (message: string) =>
  new ApiException(401, 'unauthorized', message, [{ path: 'Authorization', message }]);

/**
 * Requires `Authorization: Bearer <token>` with one of `scopes` (admin passes everywhere).
 * The row is found by the token's public id; the secret's hash is compared in constant time.
 */
export function requireScope(...scopes: TokenScope[]) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('Authorization');
    if (!header) throw unauthorized('missing bearer token');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const presented = match?.[1];
    const id = presented ? tokenId(presented) : null;
    if (!presented || !id) throw unauthorized('malformed bearer token');

    const db = getDb(c.env);
    const row = await db
      .select()
      .from(tokens)
      .where(and(eq(tokens.id, id), isNull(tokens.revokedAt)))
      .get();
    const hash = await hashToken(presented);
    // Compare even when no row was found, so a wrong id and a wrong secret take the same time.
    const ok = digestsEqual(hash, row?.hash ?? '0'.repeat(64)) && row !== undefined;
    if (!ok || !row) throw unauthorized('invalid or revoked token');
    if (row.scope !== 'admin' && !scopes.includes(row.scope)) {
      throw new ApiException(
        403,
        'forbidden',
        `this endpoint needs a token with scope ${scopes.join(' or ')}`,
        [{ path: 'Authorization', message: `token scope '${row.scope}' is not allowed here` }],
      );
    }
    c.set('caller', { tokenId: row.id, name: row.name, scope: row.scope });
    // Recording every use would add a write to every request; once a minute is enough to audit.
    const now = Date.now();
    if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) {
      c.executionCtx.waitUntil(
        db
          .update(tokens)
          .set({ lastUsedAt: now })
          .where(eq(tokens.id, row.id))
          .run()
          .catch(() => undefined),
      );
    }
    await next();
  });
}
