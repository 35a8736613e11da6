import { describe, expect, it } from 'vitest';
import { SANITIZE_CONFIG } from './sanitize.ts';

// DOMPurify itself needs a DOM; the browser test (xss.test.ts) runs it on real payloads. Here: the
// allow-list cannot grow a tag or attribute that runs or loads anything.
describe('SANITIZE_CONFIG', () => {
  it('allows no tag that runs script, loads a resource or styles the page', () => {
    for (const tag of [
      'script',
      'img',
      'iframe',
      'object',
      'embed',
      'svg',
      'math',
      'style',
      'link',
      'form',
      'video',
      'audio',
      'base',
      'meta',
    ]) {
      expect(SANITIZE_CONFIG.ALLOWED_TAGS).not.toContain(tag);
    }
  });

  it('allows no event handler, style or src attribute', () => {
    for (const attr of SANITIZE_CONFIG.ALLOWED_ATTR)
      expect(attr).not.toMatch(/^on|^style$|^src|^srcset$|^action$|^formaction$/);
    expect(SANITIZE_CONFIG.ALLOW_DATA_ATTR).toBe(false);
  });

  it('accepts only http(s) and mailto URLs', () => {
    const re = SANITIZE_CONFIG.ALLOWED_URI_REGEXP;
    expect(re.test('https://example.com')).toBe(true);
    expect(re.test('mailto:a@b.c')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd']) {
      expect(re.test(bad)).toBe(false);
    }
  });
});
