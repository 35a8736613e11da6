import { beforeAll, describe, expect, it } from 'vitest';

describe('a suite whose setup fails', () => {
  beforeAll(() => {
    throw new Error('fixture: beforeAll failed');
  });
  it('never runs', () => expect(1).toBe(1));
  it('never runs either', () => expect(1).toBe(1));
});
