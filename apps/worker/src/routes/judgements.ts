import {
  CrossExaminationSchema,
  EvaluationsPostSchema,
  IdSchema,
  OwnerJudgementSchema,
  WinnerOverrideInputSchema,
} from '@ringside/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AuthEnv, requireScope } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { limitBody, MB } from '../lib/body-limit.ts';
import { validate } from '../lib/validate.ts';
import {
  addCrossExamination,
  addEvaluations,
  putOwnerJudgement,
  putWinnerOverride,
} from '../queries/judgements.ts';

const IdParam = z.object({ id: IdSchema });
const TaskParam = z.object({ id: IdSchema, taskId: IdSchema });

/**
 * Judgements on a stored result (PRODUCT F10, F12), mounted at `/api/results`: evaluations added
 * after a battle (judge verdicts, never human votes) and the owner's thumbs/stars/note.
 */
export const resultJudgementsRoute = new Hono<AuthEnv>()
  .post(
    '/:id/evaluations',
    requireScope('runner'),
    limitBody(2 * MB),
    validate('param', IdParam),
    validate('json', EvaluationsPostSchema),
    async (c) => {
      const out = await addEvaluations(getDb(c.env), c.req.valid('param').id, c.req.valid('json'));
      return c.json(out, out.created > 0 ? 201 : 200);
    },
  )
  .put(
    '/:id/judgement',
    requireScope('runner'),
    limitBody(MB),
    validate('param', IdParam),
    validate('json', OwnerJudgementSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await putOwnerJudgement(getDb(c.env), id, c.req.valid('json'), c.get('caller').name));
    },
  );

/**
 * Judgements on a battle (PRODUCT F11, F12), mounted at `/api/battles`: the owner's winner per
 * task (kept beside the automatic one) and cross-examinations.
 */
export const battleJudgementsRoute = new Hono<AuthEnv>()
  .put(
    '/:id/tasks/:taskId/winner',
    requireScope('runner'),
    validate('param', TaskParam),
    validate('json', WinnerOverrideInputSchema),
    async (c) => {
      const { id, taskId } = c.req.valid('param');
      const caller = c.get('caller').name;
      return c.json(await putWinnerOverride(getDb(c.env), id, taskId, c.req.valid('json'), caller));
    },
  )
  .post(
    '/:id/cross-examinations',
    requireScope('runner'),
    validate('param', IdParam),
    validate('json', CrossExaminationSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const caller = c.get('caller').name;
      return c.json(await addCrossExamination(getDb(c.env), id, c.req.valid('json'), caller), 201);
    },
  );
