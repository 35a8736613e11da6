import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage } from './browser.ts';
import { apiWrite, revealBattle } from './stack.ts';

afterAll(closeBrowser);

const id = `dash-xexam-${Date.now().toString(36)}`;

describe('cross-examinations on the battle page', () => {
  it('shows question, examiner and the answer as Markdown, with HTML in the answer inert', async () => {
    await apiWrite('PUT', `/api/battles/${id}`, {
      id,
      type: 'qa',
      title: 'Cross-examined',
      state: 'done',
      tasks: [{ id: 't1', prompt: 'Say hi.' }],
      // Models of their own, so the list and model-page tests running beside this one see fixed data.
      contestants: [
        { id: 'a', provider: 'openai', model: 'dash-xexam-a', lane: 'cloud' as const },
        { id: 'b', provider: 'openai', model: 'dash-xexam-b', lane: 'cloud' as const },
      ],
    });
    // Public: a blind battle's page shows no cross-examinations (they name the contestants).
    await revealBattle(id);
    await apiWrite('POST', `/api/battles/${id}/cross-examinations`, {
      battleId: id,
      examiner: { provider: 'openai', model: 'examiner-1' },
      question: 'Why did A win?',
      prompt: [{ role: 'user', content: 'Why did A win?' }],
      answer:
        'Because **A** was faster. <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>',
      status: 'ok',
      error: null,
      e2eMs: 1200,
      at: new Date().toISOString(),
    });
    const { page, errors, dialogs } = await openPage(`/battles/${id}`);
    const section = page.getByTestId('cross-examinations');
    await expect.poll(() => section.textContent()).toContain('Why did A win?');
    expect(await section.textContent()).toContain('openai:examiner-1');
    await section.locator('summary').first().click();
    // Markdown is rendered…
    expect(await section.locator('.markdown strong').textContent()).toBe('A');
    // …and the HTML in the answer stays text: no element, no handler, nothing ran.
    expect(await section.textContent()).toContain('<img src=x onerror=');
    expect(await section.locator('img, script, [onerror]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
