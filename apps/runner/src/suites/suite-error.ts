/** A suite that cannot be used, with every problem found: file, task, field and line. */
export interface SuiteIssue {
  /** index of the task in the file (the template, for a templated family) */
  taskIndex?: number;
  taskId?: string;
  /** field inside the task, or inside the suite when no task is concerned */
  field: string;
  message: string;
  /** 1-based line in the file, when known */
  line?: number;
}

export class SuiteError extends Error {
  readonly file: string;
  readonly issues: SuiteIssue[];

  constructor(file: string, issues: SuiteIssue[]) {
    super(
      `${file}: ${issues.length === 1 ? '' : `${issues.length} problems:\n  `}${issues.map(formatIssue).join('\n  ')}`,
    );
    this.name = 'SuiteError';
    this.file = file;
    this.issues = issues;
  }
}

export function formatIssue(issue: SuiteIssue): string {
  const task =
    issue.taskIndex !== undefined
      ? `task ${issue.taskIndex + 1}${issue.taskId ? ` (${issue.taskId})` : ''}: `
      : '';
  const line = issue.line !== undefined ? ` (line ${issue.line})` : '';
  return `${task}${issue.field ? `${issue.field}: ` : ''}${issue.message}${line}`;
}

/** `['assertions', 1, 'value']` → `assertions[1].value` */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}
