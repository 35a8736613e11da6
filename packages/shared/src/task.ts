import { z } from 'zod';
import { IdSchema } from './ids.ts';
import { jsonBounds, jsonValue } from './json-value.ts';

/** The four categories of the built-in suite (PRODUCT F4); custom suites may use `other`. */
export const TaskCategorySchema = z.enum([
  'code-generation',
  'research-analysis',
  'problem-solving',
  'creative',
  'other',
]);
export type TaskCategory = z.infer<typeof TaskCategorySchema>;

/**
 * One automatic check (PRODUCT F8). The registry of assertion types lives with the evaluators;
 * here it is the wire shape: a type name, its value, an optional weight.
 */
export const AssertionSchema = z
  .object({
    type: z
      .string()
      .min(1)
      .max(64)
      .regex(/^(not-)?[a-z][a-z0-9-]*$/),
    value: jsonValue().optional(),
    weight: z.number().positive().max(1000).default(1),
    threshold: z.number().min(0).max(1).optional(),
  })
  .strict();
export type Assertion = z.infer<typeof AssertionSchema>;

export const RubricCriterionSchema = z
  .object({
    name: z.string().min(1).max(64),
    description: z.string().max(2_000).optional(),
    weight: z.number().positive().default(1),
  })
  .strict();

/** Hidden unit tests that code tasks run against the extracted answer (PRODUCT F9). */
export const HiddenTestsSchema = z
  .object({
    language: z.enum(['python', 'javascript', 'typescript']),
    code: z.string().min(1).max(200_000),
    /** weight of the test run in the task's score, beside the assertions' weights (default 1) */
    weight: z.number().positive().max(1000).optional(),
  })
  .strict();
export type HiddenTests = z.infer<typeof HiddenTestsSchema>;

/**
 * Values substituted for `{{name}}` in a task template (suite files, PRODUCT F5): a family of
 * similar tasks is one template with a list of vars.
 */
export const TemplateVarsSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a var name is a letter or _ then letters, digits, _'),
    z.union([z.string().max(20_000), z.number(), z.boolean()]),
  )
  .superRefine(jsonBounds());
export type TemplateVars = z.infer<typeof TemplateVarsSchema>;

export const TaskSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1).max(200).optional(),
    category: TaskCategorySchema.default('other'),
    prompt: z.string().min(1).max(200_000),
    system: z.string().max(32_000).optional(),
    reference: z.string().max(200_000).optional(),
    assertions: z.array(AssertionSchema).max(64, 'at most 64 assertions per task').default([]),
    passThreshold: z.number().min(0).max(1).optional(),
    rubric: z.array(RubricCriterionSchema).max(16, 'at most 16 rubric criteria per task').optional(),
    tests: HiddenTestsSchema.optional(),
    /** the values this task was expanded with, when it is one member of a templated family */
    vars: TemplateVarsSchema.optional(),
  })
  .strict();
export type Task = z.infer<typeof TaskSchema>;
export type TaskInput = z.input<typeof TaskSchema>;

/** A named, versioned set of tasks. */
export const SuiteSchema = z
  .object({
    name: IdSchema,
    version: z.string().min(1).max(32).default('1'),
    description: z.string().max(4_000).optional(),
    tasks: z.array(TaskSchema).min(1, 'at least one task').max(1_000, 'at most 1000 tasks per suite'),
  })
  .strict()
  .superRefine((suite, ctx) => {
    const seen = new Set<string>();
    suite.tasks.forEach((t, i) => {
      if (seen.has(t.id))
        ctx.addIssue({ code: 'custom', path: ['tasks', i, 'id'], message: `duplicate task id '${t.id}'` });
      seen.add(t.id);
    });
  });
export type Suite = z.infer<typeof SuiteSchema>;

/**
 * A task as written in a suite file or saved in the library, before expansion: `vars` is a list,
 * and the task stands for one task per entry with `{{name}}` replaced in its strings.
 */
export const TaskTemplateSchema = z
  .object({
    ...TaskSchema.shape,
    vars: z
      .array(TemplateVarsSchema)
      .min(1, 'at least one set of vars')
      .max(1_000, 'at most 1000 sets of vars per task')
      .optional(),
  })
  .strict();
export type TaskTemplate = z.infer<typeof TaskTemplateSchema>;

/**
 * A suite as written (YAML file, API library): suite-wide `vars` are defaults every task template
 * may use; expanding it gives a {@link SuiteSchema}.
 */
export const SuiteSourceSchema = z
  .object({
    name: IdSchema,
    /** YAML reads `version: 2` as a number; it is kept as text like the expanded suite's */
    version: z.union([z.string().min(1).max(32), z.number().transform(String)]).default('1'),
    description: z.string().max(4_000).optional(),
    vars: TemplateVarsSchema.optional(),
    tasks: z.array(TaskTemplateSchema).min(1, 'at least one task').max(1_000, 'at most 1000 tasks per suite'),
  })
  .strict();
export type SuiteSource = z.infer<typeof SuiteSourceSchema>;
export type SuiteSourceInput = z.input<typeof SuiteSourceSchema>;
