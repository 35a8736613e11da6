import { describe, expect, it } from 'vitest';
import { exportUrl, liveUrl } from './api.ts';
import { BattlesSearchSchema, battlesApiQuery } from './search.ts';

describe('battles search params', () => {
  it('keeps valid filters and drops bad ones instead of failing the page', () => {
    expect(
      BattlesSearchSchema.parse({
        type: 'coding',
        state: 'bogus',
        model: 'qwen:7b',
        from: '2026-11-01',
        to: 'yesterday',
      }),
    ).toEqual({ type: 'coding', model: 'qwen:7b', from: '2026-11-01' });
  });

  it('turns days into a UTC range that includes the whole last day', () => {
    const q = battlesApiQuery({ from: '2026-11-01', to: '2026-11-02' });
    expect(q.from).toBe('2026-11-01T00:00:00.000Z');
    expect(q.to).toBe('2026-11-03T00:00:00.000Z');
  });
});

describe('API URLs', () => {
  it('builds export links with the filters shown, leaving out empty ones', () => {
    expect(exportUrl('battles', 'csv', { type: 'qa', model: undefined, q: '' })).toBe(
      '/api/export/battles.csv?type=qa',
    );
    expect(exportUrl('results', 'json', { battleId: 'b 1' })).toBe('/api/export/results.json?battleId=b+1');
  });

  it('builds the live socket URL on the page origin', () => {
    expect(liveUrl('b1', 'https://ringside.example')).toBe(
      'wss://ringside.example/api/battles/b1/live?batch=1',
    );
    expect(liveUrl('b1', 'http://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787/api/battles/b1/live?batch=1');
  });
});
