/**
 * Expands task templates (PRODUCT F5): `{{name}}` in any string of a task is replaced by the
 * value from the task's vars entry (or the suite's vars), one task per entry, ids suffixed with the
 * entry's `id` var or its values (`arith.3-5`), or its position when those collide or run long.
 * Only templated tasks are touched; in them an unknown name is an error and `\{{` is a literal `{{`.
 */
import type { SuiteSource, TaskInput, TaskTemplate, TemplateVars } from '@ringside/shared';

export interface TemplateIssue {
  /** path inside the template, e.g. `['prompt']` or `['tests', 'code']` */
  path: (string | number)[];
  message: string;
}

export interface ExpandedTask {
  task: TaskInput;
  /** index of the template in the suite file */
  templateIndex: number;
}

const PLACEHOLDER = /(\\?)\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const MAX_SUFFIX = 40;

export function substitute(text: string, vars: TemplateVars, onUnknown: (name: string) => void): string {
  return text.replace(PLACEHOLDER, (whole, escaped: string, name: string) => {
    if (escaped) return whole.slice(1);
    if (!Object.hasOwn(vars, name)) {
      onUnknown(name);
      return whole;
    }
    return String(vars[name]);
  });
}

function substituteDeep(
  value: unknown,
  vars: TemplateVars,
  path: (string | number)[],
  issues: TemplateIssue[],
): unknown {
  if (typeof value === 'string') {
    return substitute(value, vars, (name) =>
      issues.push({
        path,
        message: `unknown template var '{{${name}}}' (vars: ${Object.keys(vars).join(', ') || 'none'})`,
      }),
    );
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteDeep(v, vars, [...path, i], issues));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteDeep(v, vars, [...path, k], issues)]),
    );
  }
  return value;
}

function suffixOf(entry: TemplateVars): string {
  const raw = entry.id !== undefined ? String(entry.id) : Object.values(entry).map(String).join('-');
  return raw.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+|[._-]+$/g, '');
}

/** Suffixes for a family: from the values when they are short and distinct, else 1, 2, 3… */
export function familySuffixes(entries: readonly TemplateVars[]): string[] {
  const fromValues = entries.map(suffixOf);
  const usable =
    fromValues.every((s) => s.length > 0 && s.length <= MAX_SUFFIX) &&
    new Set(fromValues).size === fromValues.length;
  return usable ? fromValues : entries.map((_, i) => String(i + 1));
}

export function expandTemplate(
  template: TaskTemplate,
  templateIndex: number,
  suiteVars: TemplateVars | undefined,
): { tasks: ExpandedTask[]; issues: TemplateIssue[] } {
  const { vars: entries, ...body } = template;
  if (!entries && !suiteVars) return { tasks: [{ task: body, templateIndex }], issues: [] };
  const issues: TemplateIssue[] = [];
  const list = entries ?? [{}];
  const suffixes = familySuffixes(list);
  const tasks = list.map((entry, i) => {
    const vars = { ...suiteVars, ...entry };
    const { id, ...rest } = body;
    const filled = substituteDeep(rest, vars, [], issues) as Omit<TaskInput, 'id'>;
    const task: TaskInput = {
      id: entries ? `${id}.${suffixes[i]}` : id,
      ...filled,
      ...(entries ? { vars: entry } : {}),
    };
    return { task, templateIndex };
  });
  // one issue per place is enough, even when every entry of the family repeats it
  const unique = [...new Map(issues.map((i) => [`${i.path.join('.')}|${i.message}`, i])).values()];
  return { tasks, issues: unique };
}

export function expandSuite(source: SuiteSource): {
  tasks: ExpandedTask[];
  issues: (TemplateIssue & { templateIndex: number })[];
} {
  const tasks: ExpandedTask[] = [];
  const issues: (TemplateIssue & { templateIndex: number })[] = [];
  source.tasks.forEach((template, index) => {
    const expanded = expandTemplate(template, index, source.vars);
    tasks.push(...expanded.tasks);
    issues.push(...expanded.issues.map((issue) => ({ ...issue, templateIndex: index })));
  });
  return { tasks, issues };
}
