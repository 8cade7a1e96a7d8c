/**
 * The reports' one stylesheet, inlined into every page (the CSP allows inline styles only).
 * Semantic colours: pass, fail, warn; a colour-blind-safe series palette for charts.
 */

/** Status colours, also used by charts and tiles. */
export const STATUS_COLOURS = { pass: '#1a7f37', fail: '#cf222e', warn: '#9a6700', neutral: '#57606a' } as const;
export type Status = keyof typeof STATUS_COLOURS;

/** Series colours (Okabe-Ito, distinguishable with common colour-vision deficiencies). */
export const SERIES_COLOURS: readonly string[] = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'];

/** The colour of series `i` (wraps around). */
export function seriesColour(i: number): string {
  return SERIES_COLOURS[((i % SERIES_COLOURS.length) + SERIES_COLOURS.length) % SERIES_COLOURS.length]!;
}

export const BASE_CSS = `
:root{--fg:#1f2328;--muted:#57606a;--bg:#f6f8fa;--card:#fff;--line:#d0d7de;--pass:${STATUS_COLOURS.pass};--fail:${STATUS_COLOURS.fail};--warn:${STATUS_COLOURS.warn};--accent:#0969da}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1160px;margin:0 auto;padding:28px 24px 56px}
header.page{display:flex;flex-wrap:wrap;align-items:flex-start;justify-content:space-between;gap:12px 24px;margin-bottom:20px}
header.page h1{margin:0;font-size:22px;line-height:1.3}
header.page .sub{color:var(--muted);margin:4px 0 0}
h2{font-size:16px;margin:0 0 12px}
h3{font-size:14px;margin:16px 0 8px}
section.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:16px 0}
section.card > p.note{color:var(--muted);margin:-6px 0 12px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
.split{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:20px;align-items:start}
@media (max-width:960px){.split{grid-template-columns:1fr}}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px;margin:16px 0}
.tile{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--line);border-radius:8px;padding:12px 14px;min-height:88px}
.tile.pass{border-left-color:var(--pass)}.tile.fail{border-left-color:var(--fail)}.tile.warn{border-left-color:var(--warn)}
.tile .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.tile .value{font-size:22px;font-weight:600;margin-top:2px;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.tile .hint{color:var(--muted);font-size:12px;margin-top:2px}
.tile svg{display:block;margin-top:6px}
.badge{display:inline-block;border-radius:999px;padding:2px 10px;font-size:12px;font-weight:600;color:#fff;background:var(--muted);vertical-align:middle;white-space:nowrap}
.badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}.badge.warn{background:var(--warn)}
.verdict{font-size:15px;padding:6px 16px}
table.data{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
table.data caption{text-align:left;color:var(--muted);padding:0 0 6px}
table.data th,table.data td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.data th{font-size:12px;color:var(--muted);font-weight:600;background:#f6f8fa}
table.data td.num,table.data th.num{text-align:right;white-space:nowrap}
table.data td code{white-space:nowrap}
table.data tr:last-child td{border-bottom:0}
.table-wrap{overflow-x:auto}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;overflow-wrap:anywhere}
figure.chart{margin:0}
figure.chart figcaption{color:var(--muted);font-size:12px;margin-top:4px}
figure.chart svg{width:100%;height:auto;display:block}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:var(--muted);margin:6px 0 0;padding:0;list-style:none}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
details{margin-top:8px}summary{cursor:pointer;color:var(--accent)}
.muted{color:var(--muted)}.pass-text{color:var(--pass)}.fail-text{color:var(--fail)}.warn-text{color:var(--warn)}
footer{color:var(--muted);font-size:12px;margin-top:24px}
@media print{body{background:#fff}section.card{break-inside:avoid}}
`;
