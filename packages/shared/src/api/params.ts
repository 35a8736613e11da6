import { z } from 'zod';
import { IdSchema } from '../ids.ts';

/** Path parameters of the endpoint table. */
export const IdParamSchema = z.object({ id: IdSchema });
export const TaskParamSchema = z.object({ id: IdSchema, taskId: IdSchema });
export const SuiteNameParamSchema = z.object({ name: IdSchema });

export const MB = 1024 * 1024;
