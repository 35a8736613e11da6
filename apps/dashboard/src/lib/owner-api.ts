import {
  EvaluationSchema,
  type OwnerJudgement,
  type WinnerOverrideInput,
  WinnerOverrideSchema,
} from '@ringside/shared';
import type { z } from 'zod';
import { apiUrl, parseResponse } from './api.ts';

/** The owner's judgement routes (PRODUCT F12), called with the owner's bearer token. */

async function put<T extends z.ZodType>(path: string, body: unknown, token: string, schema: T) {
  const url = apiUrl(path);
  const res = await fetch(url, {
    method: 'PUT',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
    },
    body: JSON.stringify(body),
  });
  return parseResponse(res, url, schema);
}

export const putJudgement = (resultId: string, j: Partial<OwnerJudgement>, token: string) =>
  put(`/api/results/${encodeURIComponent(resultId)}/judgement`, j, token, EvaluationSchema);

export const putWinner = (battleId: string, taskId: string, o: WinnerOverrideInput, token: string) =>
  put(
    `/api/battles/${encodeURIComponent(battleId)}/tasks/${encodeURIComponent(taskId)}/winner`,
    o,
    token,
    WinnerOverrideSchema,
  );
