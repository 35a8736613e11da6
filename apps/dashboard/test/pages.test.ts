import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage } from './browser.ts';

afterAll(closeBrowser);

describe('dashboard pages', () => {
  it('battle page: side-by-side outputs with highlighted code, a code diff, metrics and charts', async () => {
    const { page, errors } = await openPage('/battles/dash-fizzbuzz');
    await expect.poll(() => page.locator('[data-testid="output"] code.language-python').count()).toBe(2);
    expect(await page.locator('[data-testid="output"] .hljs-keyword').count()).toBeGreaterThan(0);
    const diff = page.getByTestId('code-diff');
    await expect.poll(() => diff.locator('.diff-add').count()).toBeGreaterThan(0);
    expect(await diff.locator('.diff-del').count()).toBeGreaterThan(0);
    const rows = page.locator('[data-testid="metrics-table"] tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('90 ms');
    await expect.poll(() => page.locator('[data-testid="battle-charts"] canvas').count()).toBe(3);
    expect(await page.getByTestId('export-results').locator('a').first().getAttribute('href')).toBe(
      '/api/export/results.csv?battleId=dash-fizzbuzz',
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('CI runs page lists batches and runs; a batch page compares with the previous batch', async () => {
    const { page, errors } = await openPage('/runs');
    await expect.poll(() => page.locator('[data-testid="batches-table"] tbody tr').count()).toBe(2);
    expect(await page.locator('[data-testid="runs-table"] tbody tr').count()).toBe(4);
    await page.getByRole('link', { name: 'CI dash-ci-2' }).click();
    await expect.poll(() => page.getByTestId('batch-page').count()).toBe(1);
    const byTask = page.getByTestId('compare-by-task');
    await expect.poll(() => byTask.locator('tbody tr').count()).toBe(2);
    expect(await byTask.locator('tr.row-worse td:first-child').textContent()).toBe('t2');
    expect(await byTask.locator('tr.row-better td:first-child').textContent()).toBe('t1');
    expect(await page.locator('.card').nth(1).textContent()).toContain('CI dash-ci-1');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('model page shows its results over time with an export of them', async () => {
    const { page, errors } = await openPage('/models/dash-alpha');
    await expect.poll(() => page.locator('[data-testid="model-results"] tbody tr').count()).toBe(3);
    await expect.poll(() => page.locator('.chart canvas').count()).toBe(1);
    expect(await page.getByTestId('export-results').locator('a').nth(1).getAttribute('href')).toBe(
      '/api/export/results.json?model=dash-alpha',
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('overview lists models; an unknown battle shows a not-found state', async () => {
    const { page, errors } = await openPage('/');
    await expect
      .poll(() => page.locator('[data-testid="models-table"] tbody tr').count())
      .toBeGreaterThanOrEqual(4);
    await page.goto('/battles/no-such-battle');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Not found');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
