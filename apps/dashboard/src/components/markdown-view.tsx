import { memo, useMemo } from 'react';
import { renderMarkdown } from '../lib/markdown.ts';
import { sanitizeHtml } from '../lib/sanitize.ts';

/** Model output as Markdown: rendered without raw HTML, then sanitised (untrusted input). */
export const MarkdownView = memo(function MarkdownView({ text }: { text: string }) {
  const html = useMemo(() => sanitizeHtml(renderMarkdown(text)), [text]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify with an allow-list (sanitize.ts)
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
});
