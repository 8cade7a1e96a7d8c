/**
 * HTML escaping and a tagged template that escapes by default. Everything a report shows that
 * came from outside (k6 summaries, probe names, model output, error messages) passes through
 * here; only `SafeHtml` values, built by this module, are inserted unescaped.
 */
import { scrubString } from '../log/scrub.ts';

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content. Also escapes quotes, so the result is safe in attributes too. */
export function escapeHtml(value: unknown): string {
  // Every shown text passes the secret scrubber too (rows stored before a key was known, k6 output).
  return scrubString(String(value ?? '')).replace(/[&<>"']/g, (c) => TEXT_ESCAPES[c]!);
}

/**
 * Escapes a value for a double- or single-quoted attribute. Additionally strips characters that
 * are never valid in HTML (NUL, other C0 controls except tab/newline/CR).
 */
export function escapeAttr(value: unknown): string {
  // eslint-disable-next-line no-control-regex
  return escapeHtml(value).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/** Markup that is already safe: produced by `html`, `raw` or the kit's components. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** Values the `html` template accepts: text is escaped, SafeHtml kept, arrays joined, null/false dropped. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(value);
}

/**
 * Tagged template: interpolations are escaped (safe in text and in quoted attributes).
 *
 * @example
 * html`<td title="${name}">${name}</td>` // name = '"><script>' renders as text, never markup
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks trusted markup (constants written in this codebase) as safe. Never pass outside data. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/** Joins fragments with a separator (escaped unless SafeHtml). */
export function joinHtml(parts: readonly HtmlValue[], sep: HtmlValue = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(render(sep)));
}
