import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage } from './browser.ts';

afterAll(closeBrowser);

const titles = (page: Page) =>
  page.locator('[data-testid="battles-table"] tbody tr td:first-child').allTextContents();
const search = (page: Page) => new URL(page.url()).searchParams;

describe('battles list', () => {
  it('filters by type, model and search text, with the filters in the URL and the export links', async () => {
    const { page, errors } = await openPage('/battles');
    await expect.poll(() => titles(page)).toContain('Haiku about autumn rain');
    const all = await titles(page);
    expect(all).toEqual(expect.arrayContaining(['Fizzbuzz in Python', 'Agent books a table for two']));

    await page.getByLabel('type').selectOption('coding');
    await expect.poll(() => search(page).get('type')).toBe('coding');
    await expect.poll(() => titles(page)).toEqual(['Fizzbuzz in Python']);
    expect(await page.getByTestId('export-battles').locator('a').first().getAttribute('href')).toBe(
      '/api/export/battles.csv?type=coding',
    );

    await page.getByLabel('type').selectOption('');
    await page.getByLabel('model').selectOption('dash-beta');
    await expect.poll(() => search(page).get('model')).toBe('dash-beta');
    await expect
      .poll(async () => (await titles(page)).sort())
      .toEqual([
        'Agent books a table for two',
        'Haiku about autumn rain',
        'Replay: a short poem about tides',
      ]);
    expect(search(page).get('type')).toBeNull();

    await page.getByLabel('search battle titles').fill('haiku');
    await page.getByLabel('search battle titles').press('Enter');
    await expect.poll(() => search(page).get('q')).toBe('haiku');
    await expect.poll(() => titles(page)).toEqual(['Haiku about autumn rain']);

    await page.getByLabel('search battle titles').fill('no such battle');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByText('No battles match these filters.').count()).toBe(1);

    // The URL alone restores the filters (a shared link).
    await page.goto('/battles?type=agent&state=failed');
    await expect.poll(() => titles(page)).toEqual(['Agent books a table for two']);
    expect(await page.getByLabel('state').inputValue()).toBe('failed');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('filters by date range', async () => {
    const { page } = await openPage('/battles?from=2026-11-12&to=2026-11-14');
    await expect
      .poll(async () => (await titles(page)).sort())
      .toEqual(['Agent books a table for two', 'Fizzbuzz in Python']);
    await page.context().close();
  });
});
