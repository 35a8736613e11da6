/** One colour per contestant slot (up to 8), readable on light and dark backgrounds. */
export const PALETTE = [
  '#2f6fde',
  '#e0662f',
  '#2c9e5b',
  '#b8409c',
  '#c9a227',
  '#17a2b8',
  '#7a5cd6',
  '#8c6d46',
];
export const colorOf = (i: number) => PALETTE[i % PALETTE.length] as string;
