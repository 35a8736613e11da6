import type { BatchComparison, ComparisonRow } from '@ringside/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage } from './browser.ts';

afterAll(closeBrowser);

const d = (current: number | null, previous: number | null) => ({
  current,
  previous,
  delta: current !== null && previous !== null ? current - previous : null,
});
const row = (
  key: string,
  score: [number, number],
  pass: [number, number],
  verdict: ComparisonRow['verdict'],
) => ({
  key,
  score: d(...score),
  passRate: d(...pass),
  e2eMs: d(null, null),
  decodeTps: d(null, null),
  verdict,
});

describe('CI batch page', () => {
  it('shows a per-evaluator table (mean score and pass rate against the previous batch) without time columns', async () => {
    // The seeded batches carry no evaluations and other pages count them, so the compare answer
    // of the seeded batch is extended here rather than seeding more batches into the shared stack.
    const { page, errors } = await openPage('/batches/dash-ci-2', async (p) => {
      await p.route('**/api/batches/dash-ci-2/compare', async (route) => {
        const res = await route.fetch();
        const body = (await res.json()) as BatchComparison;
        body.byEvaluator = [
          row('unit-tests', [0.75, 0.25], [1, 0], 'better'),
          row('lint', [0, 1], [0, 1], 'worse'),
        ];
        await route.fulfill({ response: res, json: body });
      });
    });
    const table = page.getByTestId('compare-by-evaluator');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tr.row-worse td:first-child').textContent()).toBe('lint');
    expect(await table.locator('tr.row-better td:first-child').textContent()).toBe('unit-tests');
    expect(await table.locator('tr.row-better').textContent()).toContain('0.75 (+0.500)');
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'evaluator',
      'Verdict',
      'Score',
      'Pass rate',
    ]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
