import type { TaskTemplate } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { expandTemplate, familySuffixes, substitute } from './template.ts';

const template = (extra: Partial<TaskTemplate>): TaskTemplate => ({
  id: 'fib',
  category: 'code-generation',
  prompt: 'Return fib({{n}}).',
  assertions: [{ type: 'contains', value: '{{answer}}', weight: 1 }],
  ...extra,
});

describe('substitute', () => {
  it('fills {{name}} and {{ name }}, and keeps \\{{ as a literal {{', () => {
    expect(substitute('a {{x}} b {{ y }} c \\{{x}}', { x: 1, y: true }, () => {})).toBe('a 1 b true c {{x}}');
  });

  it('reports an unknown name and leaves it in place', () => {
    const unknown: string[] = [];
    expect(substitute('{{nope}}', {}, (n) => unknown.push(n))).toBe('{{nope}}');
    expect(unknown).toEqual(['nope']);
  });
});

describe('expandTemplate', () => {
  it('makes one task per vars entry with every string filled, ids suffixed and vars kept', () => {
    const { tasks, issues } = expandTemplate(
      template({
        vars: [
          { n: 3, answer: 2 },
          { n: 10, answer: 55 },
        ],
      }),
      4,
      undefined,
    );
    expect(issues).toEqual([]);
    expect(tasks.map((t) => t.task.id)).toEqual(['fib.3-2', 'fib.10-55']);
    expect(tasks[1]).toMatchObject({
      templateIndex: 4,
      task: { prompt: 'Return fib(10).', assertions: [{ value: '55' }], vars: { n: 10, answer: 55 } },
    });
  });

  it('uses suite vars as defaults that entries override', () => {
    const { tasks } = expandTemplate(template({ vars: [{ n: 1 }] }), 0, { n: 99, answer: 'x' });
    expect(tasks[0]?.task).toMatchObject({
      id: 'fib.1',
      prompt: 'Return fib(1).',
      assertions: [{ value: 'x' }],
    });
  });

  it('leaves a task without vars untouched, placeholders included', () => {
    const { tasks, issues } = expandTemplate(template({}), 0, undefined);
    expect(issues).toEqual([]);
    expect(tasks[0]?.task).toMatchObject({ id: 'fib', prompt: 'Return fib({{n}}).' });
  });

  it('reports an unknown var once, at the field where it is', () => {
    const { issues } = expandTemplate(template({ vars: [{ n: 1 }, { n: 2 }] }), 0, undefined);
    expect(issues).toEqual([
      { path: ['assertions', 0, 'value'], message: "unknown template var '{{answer}}' (vars: n)" },
    ]);
  });
});

describe('familySuffixes', () => {
  it('prefers an id var, then the values, then positions when values collide or run long', () => {
    expect(
      familySuffixes([
        { id: 'small', n: 1 },
        { id: 'big', n: 2 },
      ]),
    ).toEqual(['small', 'big']);
    expect(familySuffixes([{ lang: 'c++', n: 1 }])).toEqual(['c_-1']);
    expect(familySuffixes([{ a: 'x y' }, { a: 'x-y' }, { a: 'x/y' }])).toEqual(['1', '2', '3']);
    expect(familySuffixes([{ text: 'a'.repeat(60) }])).toEqual(['1']);
  });
});
