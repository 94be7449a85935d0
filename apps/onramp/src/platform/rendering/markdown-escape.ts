/*
 * Markdown reports are compiled without HTML escaping (entities would litter the raw file), so the
 * data is escaped for Markdown instead, before rendering: a value can then never open a link, an
 * image, raw HTML, emphasis, a heading or a new table cell, and never breaks a table row.
 */

/** Characters Markdown (CommonMark and GitHub tables) gives meaning to anywhere in a line. */
const INLINE = /[\\`*_[\]<>|~]/g;
/** `&` only matters when it starts a character reference such as `&lt;` or `&#60;`. */
const ENTITY = /&(?=#?[a-zA-Z0-9]+;)/g;

export function escapeMarkdown(value: string): string {
  return (
    value
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .replace(INLINE, (c) => `\\${c}`)
      .replace(ENTITY, '\\&')
      // A value at the start of a line (after a list marker) could start a list, a rule or a heading;
      // none of those begins with a sign and a digit, so dates such as +010000-01-15 stay as they are.
      .replace(/^([-+#])(?!\d)/, '\\$1')
      .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
  );
}

/** A deep copy of `data` with every string Markdown-escaped; keys and other values are unchanged. */
export function escapeMarkdownDeep(data: unknown): unknown {
  if (typeof data === 'string') return escapeMarkdown(data);
  if (Array.isArray(data)) return data.map(escapeMarkdownDeep);
  if (data !== null && typeof data === 'object') {
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, escapeMarkdownDeep(v)]));
  }
  return data;
}
