/** D1 binds at most 100 parameters per statement (TOOLCHAIN.md); bulk writes are split by it. */
export const D1_MAX_PARAMS = 100;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new RangeError('chunk size must be at least 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows per multi-row INSERT so that rows × columns stays within D1's parameter limit. */
export const rowsPerInsert = (columns: number) => Math.max(1, Math.floor(D1_MAX_PARAMS / columns));
