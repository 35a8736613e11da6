import { isSealedContestant, liveTokensPerSecond } from '@ringside/shared';
import { Link } from '@tanstack/react-router';
import { fmtMs, fmtNum } from '../../lib/format.ts';
import { colorOf } from '../chart-colors.ts';
import { MarkdownView } from '../markdown-view.tsx';
import type { Column } from './columns.ts';

/** One contestant's answer with its running figures (live, replayed or stored). */
export function ContestantColumn({ column }: { column: Column }) {
  const { contestant, result } = column;
  const tps =
    column.source === 'stored'
      ? (result?.metrics.decodeTpsClient ?? null)
      : liveTokensPerSecond({
          tokens: column.tokens ?? 0,
          firstOffsetMs: column.firstOffsetMs,
          lastOffsetMs: column.lastOffsetMs,
        });
  return (
    <article
      className="contestant"
      data-testid="contestant"
      data-contestant={contestant.id}
      data-phase={column.phase}
      style={{ borderTopColor: colorOf(column.index) }}
    >
      <header>
        <h3>{column.label}</h3>
        {isSealedContestant(contestant) ? (
          <span className="muted small">hidden until the reveal</span>
        ) : (
          <Link
            className="muted small"
            to="/models/$model"
            params={{ model: contestant.model }}
            search={{ provider: contestant.provider }}
          >
            {contestant.provider} · {contestant.model}
          </Link>
        )}
        <dl className="figures" data-testid="figures">
          <div>
            <dt>TTFT</dt>
            <dd data-testid="ttft">{fmtMs(column.firstOffsetMs)}</dd>
          </div>
          <div>
            <dt>tok/s</dt>
            <dd data-testid="tps">{fmtNum(tps)}</dd>
          </div>
          <div>
            <dt>tokens</dt>
            <dd data-testid="tokens">{fmtNum(column.tokens, 0)}</dd>
          </div>
          <div>
            <dt>{column.source === 'stored' ? 'E2E' : 'at'}</dt>
            <dd>{fmtMs(column.lastOffsetMs)}</dd>
          </div>
        </dl>
        <span className={`phase phase-${column.phase}`}>{column.phase}</span>
      </header>
      {column.error ? (
        <p className="error-box" role="alert">
          {column.error.kind}
          {column.error.message ? `: ${column.error.message}` : ''}
        </p>
      ) : null}
      <div className="output" data-testid="output">
        {column.text ? (
          <MarkdownView text={column.text} />
        ) : column.withheld ? (
          <p className="muted">withheld until the reveal: this answer names its model</p>
        ) : (
          <p className="muted">{column.phase === 'loading' ? 'loading the model…' : 'no output yet'}</p>
        )}
      </div>
      {result && result.evaluations.length > 0 ? (
        <ul className="evaluations">
          {result.evaluations.map((e, i) => (
            <li key={e.id ?? i} className={e.passed === false ? 'fail' : e.passed ? 'pass' : ''}>
              {e.passed === null ? '•' : e.passed ? '✓' : '✗'} {e.source}/{e.evaluator}
              {e.score !== null ? ` ${e.score.toFixed(2)}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
