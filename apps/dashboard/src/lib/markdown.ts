import { Marked, type Tokens } from 'marked';
import { escapeHtml, highlightCode } from './highlight.ts';

/**
 * Markdown of model output (untrusted) to HTML. No raw HTML passes: HTML in the source is shown
 * as text. Links keep only http(s) and mailto targets and open in a new tab with
 * `rel="noopener nofollow"`; images become links (no remote loads from model output). The
 * result still goes through DOMPurify (`sanitize.ts`) before it reaches the DOM.
 */

const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;

export function safeHref(href: string | null | undefined): string | null {
  if (!href) return null;
  const trimmed = href.trim();
  return SAFE_URL.test(trimmed) ? trimmed : null;
}

function anchor(href: string, title: string | null | undefined, inner: string): string {
  const t = title ? ` title="${escapeHtml(title)}"` : '';
  return `<a href="${escapeHtml(href)}"${t} rel="noopener nofollow" target="_blank">${inner}</a>`;
}

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      const text = escapeHtml(token.text);
      return 'block' in token && token.block ? `<p>${text}</p>` : text;
    },
    link(token: Tokens.Link) {
      const inner = this.parser.parseInline(token.tokens);
      const href = safeHref(token.href);
      return href ? anchor(href, token.title, inner) : inner;
    },
    image(token: Tokens.Image) {
      const href = safeHref(token.href);
      const label = escapeHtml(`[image: ${token.text || 'untitled'}]`);
      return href ? anchor(href, token.title, label) : label;
    },
    code(token: Tokens.Code) {
      const { html, language } = highlightCode(token.text, token.lang);
      const cls = language ? `hljs language-${language}` : 'hljs';
      return `<pre><code class="${cls}">${html}</code></pre>\n`;
    },
  },
});

export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}
