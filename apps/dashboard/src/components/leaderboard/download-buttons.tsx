import type { LeaderboardView } from '../../lib/api.ts';
import { exportFileName, leaderboardCsv, leaderboardJson } from '../../lib/leaderboard.ts';

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download; the object URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * CSV and JSON of the rows shown (PRODUCT F19), built in the browser: the API has no leaderboard
 * export endpoint, and the page already holds the whole board.
 */
export function LeaderboardDownloads({ board }: { board: LeaderboardView }) {
  return (
    <span className="export" data-testid="export-leaderboard">
      <span className="muted small">Export leaderboard:</span>{' '}
      <button
        type="button"
        onClick={() => download(exportFileName(board, 'csv'), 'text/csv', leaderboardCsv(board.rows))}
      >
        CSV
      </button>{' '}
      <button
        type="button"
        onClick={() => download(exportFileName(board, 'json'), 'application/json', leaderboardJson(board))}
      >
        JSON
      </button>
    </span>
  );
}
