import DOMPurify, { type Config } from 'dompurify';

/**
 * The last gate before model output reaches the DOM: an allow-list of the tags and attributes
 * `renderMarkdown` produces, nothing else. No `img`, `style`, `svg`, forms or event handlers.
 */
export const SANITIZE_CONFIG = {
  ALLOWED_TAGS: [
    'a',
    'blockquote',
    'br',
    'code',
    'del',
    'em',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'input',
    'li',
    'ol',
    'p',
    'pre',
    'span',
    'strong',
    'table',
    'tbody',
    'td',
    'th',
    'thead',
    'tr',
    'ul',
  ],
  ALLOWED_ATTR: ['href', 'title', 'class', 'rel', 'target', 'start', 'align', 'type', 'checked', 'disabled'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
} satisfies Config;

let hooked = false;

/** Sanitises HTML for `dangerouslySetInnerHTML` (browser only: DOMPurify needs a DOM). */
export function sanitizeHtml(html: string): string {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('rel', 'noopener nofollow');
        node.setAttribute('target', '_blank');
      }
      // Task-list checkboxes from GFM are the only inputs, and they are read-only.
      if (node.tagName === 'INPUT') {
        node.setAttribute('type', 'checkbox');
        node.setAttribute('disabled', '');
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(html, { ...SANITIZE_CONFIG, RETURN_TRUSTED_TYPE: false });
}
