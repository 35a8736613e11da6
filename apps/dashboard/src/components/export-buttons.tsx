import { exportUrl } from '../lib/api.ts';

type Params = Record<string, string | number | undefined | null>;

/** CSV and JSON downloads of what a table shows, with the same filters (PRODUCT F19). */
export function ExportButtons({ what, params = {} }: { what: 'battles' | 'results'; params?: Params }) {
  return (
    <span className="export" data-testid={`export-${what}`}>
      <span className="muted small">Export {what}:</span>{' '}
      <a className="button" href={exportUrl(what, 'csv', params)} download>
        CSV
      </a>{' '}
      <a className="button" href={exportUrl(what, 'json', params)} download>
        JSON
      </a>
    </span>
  );
}
