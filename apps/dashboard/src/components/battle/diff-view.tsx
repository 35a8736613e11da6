import { useMemo, useState } from 'react';
import { codeOf, type DiffLine, patchLines, patchOf, unifiedDiffLines } from '../../lib/code-blocks.ts';
import type { Column } from './columns.ts';

function DiffLines({ lines, testId }: { lines: readonly DiffLine[]; testId: string }) {
  return (
    <pre className="diff" data-testid={testId}>
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of a static diff, never reordered
        <span key={i} className={`diff-${l.kind}`}>
          {l.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

/**
 * Unified diffs for coding answers (PRODUCT F17): the code of two chosen contestants compared,
 * and any patch an answer carries shown as a diff. Renders nothing when no answer has code.
 */
export function DiffView({ columns, coding }: { columns: readonly Column[]; coding: boolean }) {
  const code = useMemo(
    () => columns.map((c) => ({ column: c, code: codeOf(c.text, coding), patch: patchOf(c.text) })),
    [columns, coding],
  );
  const withCode = code.filter((c) => c.code !== null);
  const withPatch = code.filter((c) => c.patch !== null);
  const [a, setA] = useState(0);
  const [b, setB] = useState(1);
  const left = withCode[Math.min(a, withCode.length - 1)];
  const right = withCode[Math.min(b, withCode.length - 1)];
  const lines = useMemo(
    () =>
      left && right && left !== right
        ? unifiedDiffLines(left.code ?? '', right.code ?? '', left.column.label, right.column.label)
        : null,
    [left, right],
  );
  if (withCode.length < 2 && withPatch.length === 0) return null;
  return (
    <section className="diffs" data-testid="diff-view">
      <h2>Code diff</h2>
      {withCode.length >= 2 ? (
        <>
          <p className="controls">
            <label>
              from{' '}
              <select value={a} onChange={(e) => setA(Number(e.target.value))}>
                {withCode.map((c, i) => (
                  <option key={c.column.contestant.id} value={i}>
                    {c.column.label}
                  </option>
                ))}
              </select>
            </label>{' '}
            <label>
              to{' '}
              <select value={b} onChange={(e) => setB(Number(e.target.value))}>
                {withCode.map((c, i) => (
                  <option key={c.column.contestant.id} value={i}>
                    {c.column.label}
                  </option>
                ))}
              </select>
            </label>
          </p>
          {lines ? (
            lines.length > 2 ? (
              <DiffLines lines={lines} testId="code-diff" />
            ) : (
              <p className="muted">The code is identical.</p>
            )
          ) : (
            <p className="muted">Choose two different contestants.</p>
          )}
        </>
      ) : null}
      {withPatch.map((c) => (
        <details key={c.column.contestant.id} open={withPatch.length <= 2}>
          <summary>Patch by {c.column.label}</summary>
          <DiffLines lines={patchLines(c.patch ?? '')} testId="patch" />
        </details>
      ))}
    </section>
  );
}
