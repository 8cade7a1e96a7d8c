/** The report kit: escaping, page shell, tiles, tables, SVG charts, number formats. */
export { escapeHtml, escapeAttr, html, raw, joinHtml, SafeHtml, type HtmlValue } from './html.ts';
export { renderPage, section, REPORT_CSP, type PageOptions } from './page.ts';
export { tiles, badge, statusOf, type Tile } from './tiles.ts';
export { table, type Column, type TableOptions } from './table.ts';
export { lineChart, type LineChartOptions, type LineSeries, type Point, type ReferenceLine } from './charts/line.ts';
export { stackedBarChart, type StackedBarOptions, type BarSeries } from './charts/bar.ts';
export { sparkline, type SparklineOptions } from './charts/sparkline.ts';
export { timelineChart, type TimelineOptions, type TimelineLane, type TimelineSpan, type TimelineMark } from './charts/timeline.ts';
export { niceTicks, linearScale } from './charts/scale.ts';
export { formatMs, formatPct, formatUsd, formatCount, formatRate, MISSING } from './format.ts';
export { STATUS_COLOURS, SERIES_COLOURS, seriesColour, BASE_CSS, type Status } from './styles.ts';
