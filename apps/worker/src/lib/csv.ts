/**
 * CSV per RFC 4180 for exports: fields with a comma, quote or line break are quoted, quotes doubled,
 * lines end with CRLF. Text fields are untrusted (model output, titles), so one starting with a
 * formula trigger (= + - @, tab, CR) gets a leading single quote and a spreadsheet shows it as text.
 */

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // Numbers and booleans are ours, not user text: a negative number stays a number.
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (values: readonly CsvValue[]) => `${values.map(csvField).join(',')}\r\n`;
