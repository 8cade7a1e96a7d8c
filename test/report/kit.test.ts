import { describe, expect, it } from 'vitest';
import {
  badge, escapeAttr, escapeHtml, formatCount, formatMs, formatPct, formatUsd, html, joinHtml, lineChart, niceTicks, raw, renderPage,
  REPORT_CSP, sparkline, stackedBarChart, table, tiles,
} from '../../src/report/index.ts';

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", '</style><script>x()</script>', '<svg onload=alert(1)>', '&lt;script&gt;'];

/** The markup with attribute values and text removed: tags and attribute names only. */
function skeleton(out: string): string {
  return out.replace(/="[^"]*"/g, '=""').replace(/='[^']*'/g, "=''").replace(/>[^<]*</g, '><');
}

/**
 * Rendering a hostile label must give exactly the same tags and attributes as a harmless label
 * of the same length (lengths matter: charts truncate long labels). Any break-out from text or
 * from an attribute changes the skeleton.
 */
function expectInert(render: (label: string) => string, hostile: string): void {
  const out = render(hostile);
  expect(skeleton(out)).toBe(skeleton(render('a'.repeat(hostile.length))));
  expect(out).not.toMatch(/<script|<img|<svg onload/i);
}

describe('escaping', () => {
  it('escapes text and attribute specials', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
    expect(escapeAttr('a\u0000b\u0007c"')).toBe('abc&quot;');
  });

  it('double-escapes already-escaped text rather than trusting it', () => {
    expect(escapeHtml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  it.each(HOSTILE)('the html template keeps %s inert in text and in attributes', (s) => {
    expectInert((l) => html`<p title="${l}">${l}</p><p title='${l}'>${[l, [l]]}</p>`.value, s);
  });

  it('inserts SafeHtml as is and drops null, undefined and false', () => {
    expect(html`<div>${raw('<b>x</b>')}${null}${undefined}${false}${0}</div>`.value).toBe('<div><b>x</b>0</div>');
    expect(joinHtml(['<a>', raw('<br>'), 'b'], ', ').value).toBe('&lt;a&gt;, <br>, b');
  });
});

describe('components with hostile labels', () => {
  it.each(HOSTILE)('tiles, tables, badges and charts render %s as text', (s) => {
    const renders: ((l: string) => string)[] = [
      (l) => tiles([{ label: l, value: l, hint: l, status: 'fail' }]).value,
      (l) => table({ caption: l, columns: [{ header: l, cell: (r: string) => r }], rows: [l] }).value,
      (l) => badge(l, 'warn').value,
      (l) => lineChart({ title: l, series: [{ name: l, points: [{ x: 0, y: 1 }, { x: 1, y: 2 }] }, { name: `${l}2`, points: [{ x: 0, y: 3 }] }], xLabel: l, yLabel: l, references: [{ y: 1, label: l }], caption: l, xTicks: [{ value: 0, label: l }] }).value,
      (l) => stackedBarChart({ title: l, categories: [l, 'b'], series: [{ name: l, values: [1, 2] }], caption: l, yLabel: l }).value,
      (l) => sparkline([1, 2, 3], { title: l }).value,
      (l) => renderPage({ title: l, subtitle: l, body: html`<p>${l}</p>`, footer: l }),
    ];
    for (const r of renders) expectInert(r, s);
  });
});

describe('page shell', () => {
  it('sets a strict CSP that forbids scripts and remote loads, and inlines all CSS', () => {
    const page = renderPage({ title: 'T', body: html`<p>x</p>` });
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP.replace(/'/g, '&#39;')}">`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(REPORT_CSP).toContain("script-src 'none'");
    expect(page).not.toMatch(/<script|<link|src="http|url\(http/i);
    expect(page).toMatch(/<style>[^<]*:root/);
  });
});

describe('charts', () => {
  it('draws one path per series, with a gap where a value is missing', () => {
    const out = lineChart({ title: 't', series: [{ name: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: null }, { x: 2, y: 3 }, { x: 3, y: 4 }] }] }).value;
    const d = /<path d="([^"]+)"/.exec(out)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(1);
  });

  it('says "No data" instead of drawing an empty axis', () => {
    expect(lineChart({ title: 't', series: [] }).value).toContain('No data');
  });

  it('stacks bars: one rect per non-zero value, totals on top', () => {
    const out = stackedBarChart({ title: 't', categories: ['d1', 'd2'], series: [{ name: 'a', values: [1, 0] }, { name: 'b', values: [2, 5] }] }).value;
    expect(out.match(/<rect /g)).toHaveLength(3);
    expect(out).toContain('>3</text>');
    expect(out).toContain('>5</text>');
  });

  it('picks 1-2-5 ticks that cover the data', () => {
    expect(niceTicks(0, 2411)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(niceTicks(0, 0.051)).toEqual([0, 0.02, 0.04, 0.06]);
    expect(niceTicks(5, 5)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('formats', () => {
  it('formats ms, shares, dollars and counts for reading', () => {
    expect([formatMs(0.5), formatMs(842.7), formatMs(1842.2), formatMs(12_345), formatMs(125_000), formatMs(null)]).toEqual(['0.50 ms', '843 ms', '1.84 s', '12.3 s', '2 min 5 s', '–']);
    expect([formatPct(0), formatPct(0.0004), formatPct(0.051), formatPct(1), formatPct(Number.NaN)]).toEqual(['0%', '0.04%', '5.1%', '100%', '–']);
    expect([formatUsd(0), formatUsd(0.000527), formatUsd(1.28718), formatUsd(1234.5)]).toEqual(['$0', '$0.000527', '$1.29', '$1,234.50']);
    expect([formatCount(248316), formatCount(12_345_678)]).toEqual(['248,316', '12.3M']);
  });
});
