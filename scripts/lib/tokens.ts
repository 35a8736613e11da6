import { generateToken, hashToken, type TokenScope } from '@ringside/shared';
import { d1Execute, sqlText, type Target } from './wrangler.ts';

/** Token administration straight on D1 (local or remote): what `npm run token` and `npm start` use. */

export const NAME_RE = /^[A-Za-z0-9._-]{1,64}$/;

export async function createToken(scope: TokenScope, name: string, target: Target) {
  if (!NAME_RE.test(name))
    throw new Error('a token name is 1–64 letters, digits, dots, dashes or underscores');
  const { id, token } = generateToken();
  const hash = await hashToken(token);
  await d1Execute(
    `INSERT INTO tokens (id, name, scope, hash, created_at) VALUES (${sqlText(id)}, ${sqlText(name)}, ${sqlText(scope)}, ${sqlText(hash)}, ${Date.now()})`,
    target,
  );
  return { id, token, name, scope };
}

export interface TokenRow {
  id: string;
  name: string;
  scope: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export const listTokens = (target: Target) =>
  d1Execute<TokenRow>(
    'SELECT id, name, scope, created_at, last_used_at, revoked_at FROM tokens ORDER BY created_at',
    target,
  );

/** Revokes active tokens by id or by name; returns how many were revoked. */
export async function revokeToken(idOrName: string, target: Target): Promise<number> {
  if (!NAME_RE.test(idOrName)) throw new Error('give a token id or name');
  const rows = await d1Execute<{ n: number }>(
    `UPDATE tokens SET revoked_at = ${Date.now()} WHERE revoked_at IS NULL AND (id = ${sqlText(idOrName)} OR name = ${sqlText(idOrName)}) RETURNING 1 AS n`,
    target,
  );
  return rows.length;
}
