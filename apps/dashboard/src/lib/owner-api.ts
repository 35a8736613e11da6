import { type Endpoint, endpoints, type OwnerJudgement, type WinnerOverrideInput } from '@ringside/shared';
import type { z } from 'zod';
import { apiUrl, parseResponse } from './api.ts';

/** The owner's judgement routes (PRODUCT F12), called with the owner's bearer token. */

async function send<E extends Endpoint>(e: E, params: Record<string, string>, body: unknown, token: string) {
  const url = apiUrl(e, params);
  const res = await fetch(url, {
    method: e.method.toUpperCase(),
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(body),
  });
  return parseResponse(res, url, e.response) as Promise<z.output<E['response']>>;
}

export const putJudgement = (resultId: string, j: Partial<OwnerJudgement>, token: string) =>
  send(endpoints.putJudgement, { id: resultId }, j, token);

export const putWinner = (battleId: string, taskId: string, o: WinnerOverrideInput, token: string) =>
  send(endpoints.putWinner, { id: battleId, taskId }, o, token);
