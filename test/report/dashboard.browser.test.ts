/**
 * The dashboard in a real browser: seed a real SQLite store, render, open the file in headless
 * Chromium, check the figures a reader needs against values computed here from the seeded data,
 * keep a screenshot, and prove that hostile stored strings (probe id, output preview, error
 * message, alert labels and summary) are shown as text and never run.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDashboard } from '../../src/report/dashboard/index.ts';
import { formatCount, formatPct, formatUsd } from '../../src/report/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { launchBrowser, type OpenedPage, type ReportBrowser } from './browser.ts';
import { DAY, HOSTILE_PROBE, IMG, NOW, PWN, seedAlerts, seedResults } from './dashboard-seed.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'reports', 'screenshots');


const dir = mkdtempSync(join(tmpdir(), 'canary-dashboard-'));
const results = seedResults();
let store: Store;
let browser: ReportBrowser;
let opened: OpenedPage;
let text: string;

beforeAll(async () => {
  store = openStore(join(dir, 'canary.db'));
  store.insertResults(results);
  seedAlerts(store);
  const file = join(dir, 'index.html');
  writeFileSync(file, renderDashboard(store, { now: NOW, windowMs: 7 * DAY, budgets: { daily_usd: 5, monthly_usd: 1 }, source: 'seeded test store' }));
  browser = await launchBrowser();
  opened = await browser.open(file, { width: 1280, height: 900 });
  text = await opened.page.locator('body').innerText();
});
afterAll(async () => {
  await browser?.close();
  store?.close();
});

const inWindow = () => results.filter((r) => r.started_at >= NOW - 7 * DAY && r.started_at < NOW);
const tile = (label: string) => opened.page.locator('.tile', { hasText: label }).first();

describe('dashboard in Chromium', () => {
  it('shows availability, error rate and run count computed from the seeded results', async () => {
    const rows = inWindow();
    const answered = rows.filter((r) => r.outcome !== 'skipped');
    const errors = answered.filter((r) => r.outcome === 'error').length;
    const failed = answered.filter((r) => r.outcome === 'fail').length;
    expect(errors).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    // A failed canary is unavailable: failures count against availability like errors.
    expect(await tile('Availability').innerText()).toContain(formatPct(1 - (errors + failed) / answered.length, 2));
    expect(await tile('Probe failures').innerText()).toContain(formatPct(failed / answered.length, 1));
    expect(await tile('Error rate').innerText()).toContain(formatPct(errors / answered.length, 2));
    expect(await tile('Latency p50').innerText()).toContain(`${formatCount(rows.length)} runs`);
    // 1 - 30/432 = 93.06%: over the 1% error budget, so the tile is red.
    expect(await tile('Error rate').getAttribute('class')).toContain('fail');
  });

  it('shows spend today and this month against budget, counting results outside the 7-day window in the month', async () => {
    const dayStart = Date.UTC(2026, 10, 29);
    const monthStart = Date.UTC(2026, 10, 1);
    const sum = (since: number) => results.filter((r) => r.started_at >= since).reduce((a, r) => a + (r.cost_usd ?? 0), 0);
    const today = sum(dayStart);
    const month = sum(monthStart);
    expect(month).toBeGreaterThan(inWindow().reduce((a, r) => a + (r.cost_usd ?? 0), 0));
    expect(await tile('Spend today').innerText()).toContain(formatUsd(today));
    expect(await tile('Spend this month').innerText()).toContain(formatUsd(month));
    // Monthly budget $1 in this test: the month's spend is over it.
    expect(month).toBeGreaterThan(1);
    expect(await tile('Spend this month').getAttribute('class')).toContain('fail');
  });

  it('shows the open alert, the alert timeline and the slowest run with its request id', async () => {
    expect(await tile('Open alerts').innerText()).toMatch(/^OPEN ALERTS\s+1\s/i);
    const alerts = opened.page.locator('section', { hasText: 'Open now' });
    expect(await alerts.locator('svg[role="img"]').count()).toBe(1);
    expect(await alerts.innerText()).toContain('api_error_rate');
    const slowest = [...inWindow()].sort((a, b) => b.latency_ms! - a.latency_ms! || b.started_at - a.started_at)[0]!;
    const firstSlow = await opened.page.locator('section', { hasText: 'Slowest and most expensive runs' }).locator('tbody tr').first().innerText();
    expect(firstSlow).toContain(slowest.request_id!);
    const priciest = [...inWindow()].filter((r) => r.cost_usd !== null).sort((a, b) => b.cost_usd! - a.cost_usd!)[0]!;
    expect(text).toContain(priciest.request_id!);
  });

  it('has a section per probe and the charts, and saves a screenshot', async () => {
    expect(await opened.page.locator('section.probe').count()).toBe(3);
    for (const heading of ['Latency', 'Time to first token', 'Cost per day', 'Tokens and caching', 'Errors', 'Quality flags', 'Alerts', 'What if: the same tokens on every model']) {
      expect(await opened.page.locator('h2', { hasText: heading }).count()).toBeGreaterThan(0);
    }
    expect(await opened.page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(15);
    for (const kind of ['rate_limited', 'overloaded', 'timeout', 'too_short', 'refusal']) expect(text).toContain(kind);
    mkdirSync(SHOTS, { recursive: true });
    await opened.page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
  });

  it('makes no network requests, logs no console errors, and carries a strict CSP meta tag', async () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.cspViolations).toEqual([]);
    expect(opened.externalRequests).toEqual([]);
    const csp = await opened.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
  });

  it('shows hostile probe ids, outputs, error messages and alert text as text, and runs none of it', async () => {
    expect(await opened.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await opened.page.locator('script').count()).toBe(0);
    expect(await opened.page.locator('img').count()).toBe(0);
    expect(text).toContain(HOSTILE_PROBE);
    expect(text).toContain(`${IMG} and ${PWN}`);
    expect(text).toContain(`upstream said ${IMG}`);
    expect(text).toContain(`p99 latency 31 s over 5 s ${IMG}`);
    // The probe's section anchor is made safe too (links still resolve).
    const href = await opened.page.locator('a', { hasText: HOSTILE_PROBE }).first().getAttribute('href');
    expect(href).toMatch(/^#probe-[a-z0-9-]+$/);
    expect(await opened.page.locator(href!).count()).toBe(1);
  });
});
