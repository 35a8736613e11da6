import type { BattleOrigin } from '@ringside/shared';
import { ApiException } from '../lib/errors.ts';
import type { Caller } from './require-scope.ts';

/** CI tokens (`ingest`) write CI batches only; runner tokens write runner battles; admin writes both. */
export function assertOriginAllowed(caller: Caller, origin: BattleOrigin): void {
  const allowed =
    caller.scope === 'admin' || (caller.scope === 'ingest' ? origin === 'ci' : origin === 'runner');
  if (!allowed) {
    throw new ApiException(
      403,
      'forbidden',
      `a '${caller.scope}' token cannot write a battle of origin '${origin}'`,
      [{ path: 'origin', message: `not allowed for scope '${caller.scope}'` }],
    );
  }
}
