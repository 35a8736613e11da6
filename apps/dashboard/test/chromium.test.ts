import { describe, expect, it } from 'vitest';
import { resolveChromium } from './chromium.ts';

describe('resolveChromium', () => {
  it('takes CHROMIUM_PATH first when it names a file', async () => {
    await expect(resolveChromium({ CHROMIUM_PATH: process.execPath })).resolves.toEqual({
      path: process.execPath,
      source: 'CHROMIUM_PATH',
    });
  });

  it('fails on a CHROMIUM_PATH that names no file rather than testing another browser', async () => {
    await expect(resolveChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).rejects.toThrow(
      'CHROMIUM_PATH=/nonexistent/chromium does not exist',
    );
  });
});
