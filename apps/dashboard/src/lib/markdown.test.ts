import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from './markdown.ts';

describe('renderMarkdown', () => {
  it('shows raw HTML from the model as text, never as markup', () => {
    const html = renderMarkdown('Hi <script>window.__pwned = 1</script> and <img src=x onerror="alert(1)">');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;');
  });

  it('shows a block of raw HTML as an escaped paragraph', () => {
    const html = renderMarkdown(
      '<div onclick="x()">\n<iframe src="https://evil.example"></iframe>\n</div>\n',
    );
    expect(html).not.toMatch(/<(div|iframe)/);
    expect(html).toMatch(/^<p>&#60;div onclick=/);
  });

  it('opens http links in a new tab with rel="noopener nofollow"', () => {
    expect(renderMarkdown('[docs](https://example.com/a?b=1&c=2 "T")')).toContain(
      '<a href="https://example.com/a?b=1&#38;c=2" title="T" rel="noopener nofollow" target="_blank">docs</a>',
    );
  });

  it('drops javascript: and data: link targets but keeps the link text', () => {
    const html = renderMarkdown('[click](javascript:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=)');
    expect(html).not.toContain('href');
    expect(html).toContain('click');
    expect(html).toContain('d');
  });

  it('turns images into links instead of loading them', () => {
    const html = renderMarkdown('![cat](https://example.com/cat.png)');
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '<a href="https://example.com/cat.png" rel="noopener nofollow" target="_blank">[image: cat]</a>',
    );
  });

  it('highlights fenced code of a known language and escapes unknown ones', () => {
    const py = renderMarkdown('```python\ndef f(x):\n    return x < 1\n```');
    expect(py).toContain('<code class="hljs language-python">');
    expect(py).toContain('<span class="hljs-keyword">def</span>');
    expect(py).toContain('&lt;');
    const unknown = renderMarkdown('```brainfoo\n<b>x</b>\n```');
    expect(unknown).toContain('<code class="hljs">&#60;b&#62;x&#60;/b&#62;');
  });

  it('renders an unclosed fence while a code answer is still streaming', () => {
    expect(renderMarkdown('Here:\n```js\nconst a = 1;')).toContain('<code class="hljs language-js">');
  });
});

describe('safeHref', () => {
  it.each([
    ['https://a.example', 'https://a.example'],
    [' http://a.example ', 'http://a.example'],
    ['mailto:x@y.z', 'mailto:x@y.z'],
    ['javascript:alert(1)', null],
    ['JAVASCRIPT:alert(1)', null],
    ['/relative', null],
    ['data:text/html,x', null],
  ])('%s → %s', (href, expected) => {
    expect(safeHref(href)).toBe(expected);
  });
});
