import { describe, expect, it } from 'vitest';
import { parseSuite } from './parse-suite.ts';
import { SuiteError } from './suite-error.ts';

function errorOf(yaml: string): SuiteError {
  try {
    parseSuite(yaml, 'my-suite.yaml');
  } catch (error) {
    if (error instanceof SuiteError) return error;
    throw error;
  }
  throw new Error('the suite parsed');
}

const ok = `
name: demo
version: 2
tasks:
  - id: capital
    category: research-analysis
    prompt: What is the capital of France?
    assertions:
      - type: icontains
        value: paris
`;

describe('parseSuite', () => {
  it('parses a valid suite, reading a numeric version as text and filling defaults', () => {
    const suite = parseSuite(ok, 'my-suite.yaml');
    expect(suite).toMatchObject({
      name: 'demo',
      version: '2',
      tasks: [{ id: 'capital', assertions: [{ type: 'icontains', value: 'paris', weight: 1 }] }],
    });
  });

  it('reports YAML syntax errors with the file and line', () => {
    const error = errorOf('name: demo\ntasks:\n  - id: a\n    prompt: [unclosed\n');
    expect(error.message).toMatch(/^my-suite\.yaml: .*YAML/);
    expect(error.issues[0]?.line).toBeGreaterThan(0);
  });

  it('names the task, the field and the line of a schema error', () => {
    const error = errorOf(ok.replace('category: research-analysis', 'category: poetry'));
    expect(error.issues).toMatchObject([{ taskIndex: 0, taskId: 'capital', field: 'category', line: 6 }]);
    expect(error.message).toContain('my-suite.yaml: task 1 (capital): category:');
  });

  it('rejects an unknown field in a task (a typo is not silently ignored)', () => {
    const error = errorOf(ok.replace('    prompt:', '    promt: x\n    prompt:'));
    expect(error.message).toMatch(/task 1 \(capital\): .*promt/);
  });

  it('reports a check that cannot run, with its task, field and line, before any battle', () => {
    const error = errorOf(
      ok.replace('type: icontains\n        value: paris', "type: regex\n        value: '(unclosed'"),
    );
    expect(error.issues).toMatchObject([
      { taskIndex: 0, taskId: 'capital', field: 'assertions[0].value', line: 10 },
    ]);
    expect(error.message).toContain('invalid regex');
  });

  it('reports every problem at once: unknown type, bad schema and bad predicate', () => {
    const error = errorOf(`
name: broken
tasks:
  - id: a
    prompt: p
    assertions:
      - { type: contains-some, value: [x] }
      - { type: is-json, value: { type: objekt } }
  - id: b
    prompt: p
    assertions:
      - { type: javascript, value: 'output.length >' }
`);
    expect(error.issues.map((i) => `${i.taskId} ${i.field}`)).toEqual([
      'a assertions[0].type',
      'a assertions[1].value',
      'b assertions[0].value',
    ]);
    expect(error.message).toContain('3 problems');
  });

  it('expands vars families and reports an unknown var with the template task', () => {
    const suite = parseSuite(
      `
name: fam
tasks:
  - id: add
    vars: [{ a: 1, b: 2 }, { a: 5, b: 5 }]
    prompt: What is {{a}} + {{b}}?
`,
      'f.yaml',
    );
    expect(suite.tasks.map((t) => [t.id, t.prompt])).toEqual([
      ['add.1-2', 'What is 1 + 2?'],
      ['add.5-5', 'What is 5 + 5?'],
    ]);
    const error = errorOf(
      'name: fam\ntasks:\n  - id: add\n    vars: [{ a: 1 }]\n    prompt: "{{a}} + {{b}}"\n',
    );
    expect(error.issues).toMatchObject([{ taskIndex: 0, taskId: 'add', field: 'prompt', line: 5 }]);
    expect(error.message).toContain("unknown template var '{{b}}'");
  });

  it('rejects duplicate task ids, also when a family expands into an existing id', () => {
    const error = errorOf(`
name: dup
tasks:
  - id: t.1
    prompt: p
  - id: t
    vars: [{ id: 1 }]
    prompt: p
`);
    expect(error.issues).toMatchObject([{ taskIndex: 1, taskId: 't.1', field: 'id' }]);
    expect(error.message).toContain("duplicate task id 't.1' (task 1 has it)");
  });

  it('reports JavaScript hidden tests that do not compile', () => {
    const error = errorOf(`
name: js
tasks:
  - id: f
    category: code-generation
    prompt: p
    tests: { language: javascript, code: "test('x', () => {" }
`);
    expect(error.issues).toMatchObject([{ taskId: 'f', field: 'tests.code' }]);
  });
});
