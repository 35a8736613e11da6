import { describe, expect, it } from 'vitest';
import { candidateName, folderName, localDate, slugify } from './folder-name.ts';

describe('slugify', () => {
  it('lowercases, drops accents and joins words with single dashes', () => {
    expect(slugify('  Crème Brûlée: Qwen vs. Llama!! ')).toBe('creme-brulee-qwen-vs-llama');
  });

  it('cuts long titles to 60 characters without leaving a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(59)} bcd`);
    expect(slug).toBe('a'.repeat(59));
    expect(slugify('word '.repeat(40)).length).toBeLessThanOrEqual(60);
  });

  it('gives an empty slug for a title with no latin letters or digits', () => {
    expect(slugify('海の俳句 🌊')).toBe('');
  });
});

describe('folderName', () => {
  it('puts the local calendar date before the slug', () => {
    // Local-time constructor: the expected date holds whatever the machine's time zone.
    expect(folderName(new Date(2026, 10, 22, 23, 59), 'Haiku about the sea', 'b1')).toBe(
      '2026-11-22-haiku-about-the-sea',
    );
    expect(localDate(new Date(2027, 0, 5, 0, 0))).toBe('2027-01-05');
  });

  it('falls back to the battle id when the title has nothing to slug', () => {
    expect(folderName(new Date(2026, 10, 22), '🌊🌊', 'Battle:42')).toBe('2026-11-22-battle-42');
  });

  it('numbers the candidates after the first', () => {
    expect([1, 2, 3].map((n) => candidateName('2026-11-22-x', n))).toEqual([
      '2026-11-22-x',
      '2026-11-22-x-2',
      '2026-11-22-x-3',
    ]);
  });
});
