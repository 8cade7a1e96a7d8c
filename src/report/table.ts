/** Data tables: columns declared once, cells escaped unless a column renders SafeHtml. */
import { html, type HtmlValue, type SafeHtml } from './html.ts';

export interface Column<Row> {
  /** Header text (escaped). */
  header: string;
  /** The cell: text (escaped) or SafeHtml from the kit. */
  cell: (row: Row, index: number) => HtmlValue;
  /** Right-aligned, tabular numbers. */
  numeric?: boolean;
}

export interface TableOptions<Row> {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  caption?: string;
  /** Shown as a single row when there are no rows. Default "No data". */
  empty?: string;
}

/**
 * Renders a table inside a horizontally scrollable wrapper.
 *
 * @example
 * table({ columns: [{ header: 'Metric', cell: (r) => r.name }, { header: 'p95', cell: (r) => formatMs(r.p95), numeric: true }], rows })
 */
export function table<Row>(opts: TableOptions<Row>): SafeHtml {
  const cls = (c: Column<Row>) => (c.numeric ? 'num' : '');
  const body =
    opts.rows.length === 0
      ? html`<tr><td colspan="${opts.columns.length}" class="muted">${opts.empty ?? 'No data'}</td></tr>`
      : opts.rows.map((r, i) => html`<tr>${opts.columns.map((c) => html`<td class="${cls(c)}">${c.cell(r, i)}</td>`)}</tr>`);
  return html`<div class="table-wrap"><table class="data">${opts.caption ? html`<caption>${opts.caption}</caption>` : ''}<thead><tr>${opts.columns.map(
    (c) => html`<th scope="col" class="${cls(c)}">${c.header}</th>`,
  )}</tr></thead><tbody>${body}</tbody></table></div>`;
}
