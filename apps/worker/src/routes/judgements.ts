import { endpoints } from '@ringside/shared';
import { getDb } from '../db/client.ts';
import { resource, route } from '../lib/resource.ts';
import {
  addCrossExamination,
  addEvaluations,
  putOwnerJudgement,
  putWinnerOverride,
} from '../queries/judgements.ts';

/**
 * Judgements on a stored result (PRODUCT F10, F12), mounted at `/api/results`: evaluations added
 * after a battle (judge verdicts, never human votes) and the owner's thumbs/stars/note.
 */
export const resultJudgementsRoute = resource('/api/results', [
  route(endpoints.postEvaluations, async (c, { params, body }) => {
    const out = await addEvaluations(getDb(c.env), params.id, body);
    return c.json(out, out.created > 0 ? 201 : 200);
  }),
  route(endpoints.putJudgement, async (c, { params, body }) =>
    c.json(await putOwnerJudgement(getDb(c.env), params.id, body, c.get('caller').name)),
  ),
]);

/**
 * Judgements on a battle (PRODUCT F11, F12), mounted at `/api/battles`: the owner's winner per
 * task (kept beside the automatic one) and cross-examinations.
 */
export const battleJudgementsRoute = resource('/api/battles', [
  route(endpoints.putWinner, async (c, { params, body }) =>
    c.json(await putWinnerOverride(getDb(c.env), params.id, params.taskId, body, c.get('caller').name)),
  ),
  route(endpoints.postCrossExamination, async (c, { params, body }) =>
    c.json(await addCrossExamination(getDb(c.env), params.id, body, c.get('caller').name), 201),
  ),
]);
