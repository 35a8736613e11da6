/** Names of results folders: `<yyyy-mm-dd>-<slug>` (PRODUCT F20). */

const MAX_SLUG = 60;

/** A lowercase ASCII slug: accents dropped, anything else between words becomes one `-`. */
export function slugify(text: string, maxLength = MAX_SLUG): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

/** The date on the box owner's calendar (local time), as `yyyy-mm-dd`. */
export function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/**
 * The folder name for a battle. A title with nothing sluggable (emoji, CJK) falls back to the
 * battle id, which is always filesystem-safe.
 */
export function folderName(at: Date, title: string, battleId: string): string {
  const slug = slugify(title) || slugify(battleId) || 'battle';
  return `${localDate(at)}-${slug}`;
}

/** The n-th candidate when `base` is taken: `base`, `base-2`, `base-3`… */
export function candidateName(base: string, n: number): string {
  return n <= 1 ? base : `${base}-${n}`;
}
