/**
 * Parses a suite file (YAML, PRODUCT F4/F5) into a checked, expanded suite: YAML syntax, the zod
 * schema, templating, task ids, and every assertion's ability to run are all checked here, and
 * every problem is reported at once with the file, task, field and line.
 */
import { type Suite, type SuiteSource, SuiteSourceSchema, TaskSchema } from '@ringside/shared';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { compileTask } from '../scoring/compile-task.ts';
import { formatPath, SuiteError, type SuiteIssue } from './suite-error.ts';
import { expandSuite } from './template.ts';

type Path = readonly (string | number | symbol)[];

function lineOf(doc: Document, counter: LineCounter, path: Path): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const keys = path.slice(0, n).filter((p): p is string | number => typeof p !== 'symbol');
    const node = n === 0 ? doc.contents : doc.getIn(keys, true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return undefined;
}

export function parseSuite(text: string, file: string): Suite {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SuiteError(
      file,
      doc.errors.map((e) => ({
        field: '',
        message: `YAML: ${e.message.split('\n')[0]}`,
        line: counter.linePos(e.pos[0]).line,
      })),
    );
  }
  const raw: unknown = doc.toJS();
  const templates = (raw as { tasks?: unknown })?.tasks;
  const idAt = (i: number): string | undefined => {
    const id = Array.isArray(templates) ? (templates[i] as { id?: unknown } | undefined)?.id : undefined;
    return typeof id === 'string' ? id : undefined;
  };
  const taskIssue = (path: Path, message: string, taskIdOverride?: string): SuiteIssue => {
    const line = lineOf(doc, counter, path);
    if (path[0] === 'tasks' && typeof path[1] === 'number') {
      const taskId = taskIdOverride ?? idAt(path[1]);
      return {
        taskIndex: path[1],
        ...(taskId ? { taskId } : {}),
        field: formatPath(path.slice(2)),
        message,
        ...(line ? { line } : {}),
      };
    }
    return { field: formatPath(path), message, ...(line ? { line } : {}) };
  };

  const parsed = SuiteSourceSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SuiteError(
      file,
      parsed.error.issues.map((issue) => taskIssue(issue.path, issue.message)),
    );
  }
  const source: SuiteSource = parsed.data;
  const expanded = expandSuite(source);
  const issues: SuiteIssue[] = expanded.issues.map((i) =>
    taskIssue(['tasks', i.templateIndex, ...i.path], i.message),
  );

  const tasks: Suite['tasks'] = [];
  const seen = new Map<string, number>();
  for (const { task: input, templateIndex } of expanded.tasks) {
    const at = (path: Path, message: string) =>
      issues.push(taskIssue(['tasks', templateIndex, ...path], message, String(input.id)));
    const task = TaskSchema.safeParse(input);
    if (!task.success) {
      for (const issue of task.error.issues) at(issue.path, issue.message);
      continue;
    }
    const earlier = seen.get(task.data.id);
    if (earlier !== undefined) at(['id'], `duplicate task id '${task.data.id}' (task ${earlier + 1} has it)`);
    seen.set(task.data.id, templateIndex);
    const compiled = compileTask(task.data);
    if (!compiled.ok) for (const issue of compiled.issues) at(issue.path, issue.message);
    tasks.push(task.data);
  }
  if (issues.length > 0) throw new SuiteError(file, issues);
  return {
    name: source.name,
    version: source.version,
    ...(source.description !== undefined ? { description: source.description } : {}),
    tasks,
  };
}
