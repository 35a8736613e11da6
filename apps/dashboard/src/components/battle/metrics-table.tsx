import { fmtMs, fmtNum, fmtUsd } from '../../lib/format.ts';
import type { Column } from './columns.ts';

/** Every metric of PRODUCT F6 per contestant for the selected task. */
export function MetricsTable({ columns }: { columns: readonly Column[] }) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="metrics-table">
        <thead>
          <tr>
            <th>Contestant</th>
            <th>Status</th>
            <th className="num">TTFT</th>
            <th className="num">E2E</th>
            <th className="num">TPOT</th>
            <th className="num">tok/s client</th>
            <th className="num">tok/s server</th>
            <th className="num">Output tokens</th>
            <th className="num">Prompt tokens</th>
            <th className="num">Load</th>
            <th className="num">Cost</th>
            <th className="num">Score</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => {
            const m = c.result?.metrics ?? c.live?.metrics ?? null;
            return (
              <tr key={c.contestant.id}>
                <td>{c.label}</td>
                <td>{c.result?.status ?? c.phase}</td>
                <td className="num">{fmtMs(m?.ttftMs)}</td>
                <td className="num">{fmtMs(m?.e2eMs)}</td>
                <td className="num">{fmtMs(m?.tpotMs)}</td>
                <td className="num">{fmtNum(m?.decodeTpsClient)}</td>
                <td className="num">{fmtNum(m?.decodeTpsServer)}</td>
                <td
                  className="num"
                  title={m?.outputTokensSource ? `from ${m.outputTokensSource}` : undefined}
                >
                  {fmtNum(m?.outputTokens, 0)}
                </td>
                <td className="num">{fmtNum(m?.promptTokens, 0)}</td>
                <td className="num">{fmtMs(m?.loadMs ?? c.live?.loadMs)}</td>
                <td className="num">{fmtUsd(m?.costUsd)}</td>
                <td className="num">
                  {c.result?.score !== null && c.result?.score !== undefined
                    ? c.result.score.toFixed(2)
                    : '–'}
                  {c.result?.passed === true ? ' ✓' : c.result?.passed === false ? ' ✗' : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
