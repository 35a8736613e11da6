import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage } from './browser.ts';
import { LB_MODELS, LB_SPEED } from './fixtures.ts';

afterAll(closeBrowser);

const table = '[data-testid="leaderboard-table"] tbody tr';
const search = (page: Page) => new URL(page.url()).searchParams;

/** key → rating as the table shows them. */
async function ratings(page: Page): Promise<Record<string, number>> {
  const rows = page.locator(table);
  const out: Record<string, number> = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const key = (await row.getAttribute('data-key')) ?? '';
    out[key] = Number((await row.getByTestId('rating').textContent())?.replaceAll(',', ''));
  }
  return out;
}
const leader = async (page: Page) => Object.entries(await ratings(page)).sort((x, y) => y[1] - x[1])[0]?.[0];

describe('leaderboard page', () => {
  it('shows the seeded ratings after a recompute, each with its 95% interval drawn around it', async () => {
    const { page, errors } = await openPage('/leaderboard?source=auto');
    await expect.poll(() => page.locator(table).count()).toBe(3);
    expect(Object.keys(await ratings(page)).sort()).toEqual(LB_MODELS.map((m) => `ollama:${m}`).sort());
    expect(await page.getByTestId('computed-at').textContent()).toMatch(
      /^Computed at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC from \d+ pairwise outcomes over 6 battles/,
    );

    const bars = page.locator(`${table} [data-testid="interval-bar"]`);
    expect(await bars.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const ci = bars.nth(i).locator('line.ci').first();
      const [x1, x2] = [Number(await ci.getAttribute('x1')), Number(await ci.getAttribute('x2'))];
      const cx = Number(await bars.nth(i).locator('circle').getAttribute('cx'));
      // A real interval, with the rating inside it.
      expect(x2 - x1).toBeGreaterThan(1);
      expect(cx).toBeGreaterThanOrEqual(x1);
      expect(cx).toBeLessThanOrEqual(x2);
    }

    const weak = page.locator(`${table}[data-key="ollama:lb-weak"]`);
    expect(await weak.textContent()).toContain(`${LB_SPEED['lb-weak']?.ttftMs} ms`);
    expect(await weak.locator('td').last().textContent()).toBe(String(LB_SPEED['lb-weak']?.tps));
    // The quality vs speed chart places every model by its decode rate, labelled.
    const dots = page.locator('[data-testid="quality-speed"] g.dot');
    expect(await dots.count()).toBe(3);
    expect(await page.locator('[data-testid="quality-speed"] .dot-label').allTextContents()).toEqual(
      expect.arrayContaining(LB_MODELS),
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('sorts and filters by category and battle type through the URL, and the rows follow', async () => {
    const { page, errors } = await openPage('/leaderboard?source=auto');
    await expect.poll(() => page.locator(table).count()).toBe(3);

    // Sorting is in the URL too: fastest decode first.
    await page.getByRole('link', { name: 'Decode tok/s' }).click();
    await expect.poll(() => search(page).get('sort')).toBe('tps');
    await expect
      .poll(() => page.locator(table).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key'))))
      .toEqual(['ollama:lb-weak', 'ollama:lb-middle', 'ollama:lb-strong']);

    await page.getByLabel('category').selectOption('creative');
    await expect.poll(() => search(page).get('category')).toBe('creative');
    await expect.poll(() => leader(page)).toBe('ollama:lb-strong');
    expect(await page.getByTestId('computed-at').textContent()).toContain('category creative');

    await page.getByLabel('category').selectOption('problem-solving');
    await expect.poll(() => search(page).get('category')).toBe('problem-solving');
    await expect.poll(() => leader(page)).toBe('ollama:lb-weak');

    // A battle type replaces the category (the API rates one slice at a time); no coding battle was rated.
    await page.getByLabel('battle type').selectOption('coding');
    await expect.poll(() => search(page).get('type')).toBe('coding');
    expect(search(page).get('category')).toBeNull();
    await expect.poll(() => page.getByTestId('leaderboard-empty').count()).toBe(1);
    expect(await page.getByTestId('leaderboard-empty').textContent()).toContain('pairwise outcomes');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('exports the rows shown as CSV and opens a head-to-head with the battles both played', async () => {
    const { page, errors } = await openPage('/leaderboard?source=auto');
    await expect.poll(() => page.locator(table).count()).toBe(3);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-leaderboard').getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('ringside-leaderboard-auto-model-overall.csv');
    const chunks: Buffer[] = [];
    for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]?.startsWith('rank,key,provider,model,')).toBe(true);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(LB_MODELS.map((m) => `ollama:${m}`).sort());

    await page.getByLabel('first model').selectOption('ollama:lb-strong');
    await page.getByLabel('second model').selectOption('ollama:lb-weak');
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => search(page).get('a')).toBe('ollama:lb-strong');
    await expect.poll(() => page.getByTestId('win-matrix').count()).toBe(1);
    // 12 comparisons: strong took every creative one, weak every problem-solving one.
    expect(await page.getByTestId('h2h-summary').textContent()).toContain(
      'ollama:lb-strong won 6, ollama:lb-weak won 6, 0 ties',
    );
    expect(await page.locator('[data-testid="shared-battles"] li').count()).toBe(6);
    await page.getByRole('link', { name: 'Leaderboard round 3' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/battles/dash-lb-2');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
