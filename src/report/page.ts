/**
 * The page shell: one self-contained HTML document with inline CSS, no external requests, and a
 * strict Content-Security-Policy that forbids every script and every remote resource. Reports
 * must read well without JavaScript, so none is included.
 */
import { html, raw, type HtmlValue, type SafeHtml } from './html.ts';
import { BASE_CSS } from './styles.ts';

/**
 * The CSP every report carries: nothing loads from anywhere, no script runs, inline styles and
 * `data:` images only, no forms, no framing of other origins, no base-URI rewriting.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; base-uri 'none'; form-action 'none'";

export interface PageOptions {
  /** Document title and page heading (escaped). */
  title: string;
  /** A line under the heading (escaped). */
  subtitle?: string;
  /** Markup at the right of the header, e.g. a verdict badge. */
  headerAside?: HtmlValue;
  body: HtmlValue;
  /** Footer text (escaped), e.g. the generator and time. */
  footer?: string;
  /** Extra trusted CSS appended to the base stylesheet. */
  extraCss?: string;
}

/**
 * Renders a complete document.
 *
 * @example
 * writeFileSync('reports/load.html', renderPage({ title: 'Load test', body: html`<p>…</p>` }));
 */
export function renderPage(opts: PageOptions): string {
  const doc: SafeHtml = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${opts.title}</title>
<style>${raw(BASE_CSS + (opts.extraCss ?? ''))}</style>
</head>
<body>
<main>
<header class="page"><div><h1>${opts.title}</h1>${opts.subtitle ? html`<p class="sub">${opts.subtitle}</p>` : ''}</div>${opts.headerAside ? html`<div>${opts.headerAside}</div>` : ''}</header>
${opts.body}
${opts.footer ? html`<footer>${opts.footer}</footer>` : ''}
</main>
</body>
</html>
`;
  return doc.value;
}

/** A titled card section. */
export function section(title: string, body: HtmlValue, note?: string): SafeHtml {
  return html`<section class="card"><h2>${title}</h2>${note ? html`<p class="note">${note}</p>` : ''}${body}</section>`;
}
