/** Shortening text for people without cutting a word in half. */

/**
 * `text` at most about `max` characters, cut at a word boundary and ended with `…`. A first word
 * longer than `max` is kept whole (a cut token is worse than a long line). Whitespace runs count
 * as boundaries; the text is returned unchanged when it fits.
 * @example truncateWords('expected text to contain "OK", got "Sorry"', 30) // 'expected text to contain "OK",…'
 */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  // The cut falls on a boundary when the next character is whitespace.
  if (/\s/.test(text[max]!)) return `${head.trimEnd()}…`;
  const space = head.search(/\s\S*$/);
  if (space > 0) return `${head.slice(0, space).trimEnd()}…`;
  const end = text.slice(max).search(/\s/);
  return end < 0 ? text : `${text.slice(0, max + end)}…`;
}
