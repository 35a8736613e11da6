import { describe, expect, it } from 'vitest';
import { adminViewer, canBeBlind, hiddenSql, isHiddenFrom, publicViewer } from './seal.ts';

const c = (model: string, persona?: string) => ({
  provider: 'ollama',
  model,
  ...(persona ? { persona: { name: persona } } : {}),
});

describe('canBeBlind', () => {
  it('is true for a runner battle of two or more contestant keys only', () => {
    expect(canBeBlind({ origin: 'runner', contestants: [c('a'), c('b')] })).toBe(true);
    expect(canBeBlind({ origin: 'runner', contestants: [c('a'), c('a', 'poet')] })).toBe(true);
    expect(canBeBlind({ origin: 'runner', contestants: [c('a'), c('a')] })).toBe(false);
    expect(canBeBlind({ origin: 'ci', contestants: [c('a'), c('b')] })).toBe(false);
  });
});

describe('isHiddenFrom', () => {
  const now = 1_000_000;
  const blind = { revealedAt: null, ownerTokenId: 'abcdefghijkm' };
  it('hides a blind battle from the public and other tokens, not from its owner or an admin', () => {
    expect(isHiddenFrom(publicViewer(now), blind)).toBe(true);
    expect(isHiddenFrom({ tokenId: 'zzzzzzzzzzzz', admin: false, now }, blind)).toBe(true);
    expect(isHiddenFrom({ tokenId: 'abcdefghijkm', admin: false, now }, blind)).toBe(false);
    expect(isHiddenFrom(adminViewer(now), blind)).toBe(false);
  });

  it('hides nothing once revealed, and a reveal in the future is not one yet', () => {
    expect(isHiddenFrom(publicViewer(now), { ...blind, revealedAt: now })).toBe(false);
    expect(isHiddenFrom(publicViewer(now), { ...blind, revealedAt: now + 1 })).toBe(true);
  });
});

describe('hiddenSql', () => {
  it('inlines only a number and a checked token id', () => {
    expect(hiddenSql(adminViewer(1), 'x.id')).toBe('0');
    expect(hiddenSql(publicViewer(5), 'x.id')).toContain('revealed_at > 5');
    expect(hiddenSql({ tokenId: 'abcdefghijkm', admin: false, now: 5 }, 'x.id')).toContain(
      "<> 'abcdefghijkm'",
    );
    expect(() => hiddenSql({ tokenId: "x' OR 1=1 --", admin: false, now: 5 }, 'x.id')).toThrow();
    expect(() => hiddenSql(publicViewer(Number.NaN), 'x.id')).toThrow();
  });
});
