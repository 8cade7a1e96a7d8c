/**
 * The dashboard's fleet view in headless Chromium: a store with results from three regions shows
 * one column per region (availability, latency, errors) and the "where" table; the region filter
 * (radio inputs and CSS, no script) hides the other regions; a one-region store shows no region
 * section at all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDashboard } from '../../src/report/dashboard/index.ts';
import { formatPct } from '../../src/report/index.ts';
import type { ProbeResult } from '../../src/shared/types.ts';
import { openStore } from '../../src/store/index.ts';
import { error, result } from '../alerts/helpers.ts';
import { launchBrowser, type ReportBrowser } from './browser.ts';

const NOW = Date.UTC(2026, 2, 10, 12, 0);
const MIN = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'canary-regions-'));
let browser: ReportBrowser;

/** 20 runs of two probes per region over the last hour; eu-west errors on 5 of its smoke runs, latencies differ per region. */
function fleetResults(): ProbeResult[] {
  const out: ProbeResult[] = [];
  const regions = [
    { region: 'us-east', runner: 'use-1', latency: 400 },
    { region: 'eu-west', runner: 'euw-1', latency: 900 },
    { region: 'ap-south', runner: 'aps-1', latency: 1500 },
  ];
  for (const { region, runner, latency } of regions) {
    for (let i = 0; i < 20; i++) {
      const t = NOW - 60 * MIN + i * 3 * MIN;
      const bad = region === 'eu-west' && i >= 15;
      out.push(result(t, { probe_id: 'smoke', region, runner_id: runner, latency_ms: latency + i, ...(bad ? error('overloaded') : {}) }));
      out.push(result(t + 1000, { probe_id: 'json', region, runner_id: runner, latency_ms: latency + i }));
    }
  }
  return out;
}

function render(results: ProbeResult[], name: string): string {
  const store = openStore(join(dir, `${name}.db`));
  store.insertResults(results);
  const file = join(dir, `${name}.html`);
  writeFileSync(file, renderDashboard(store, { now: NOW, windowMs: 2 * 60 * MIN }));
  store.close();
  return file;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard fleet view in Chromium', () => {
  it('shows one column per region with availability, latency and errors, and the newest run of each probe in each region', async () => {
    const { page, consoleErrors, cspViolations } = await browser.open(render(fleetResults(), 'fleet'));
    const section = page.locator('#regions');
    const headers = await section.locator('.regions-table thead th').allInnerTexts();
    expect(headers.slice(1)).toEqual(['ap-south', 'eu-west', 'us-east']);
    const row = async (label: string) => (await section.locator('.regions-table tbody tr', { has: page.locator(`th:text-is("${label}")`) }).locator('td').allInnerTexts()).map((s) => s.trim());
    // eu-west: 5 errors in 40 runs.
    expect(await row('Availability')).toEqual([formatPct(1, 2), formatPct(35 / 40, 2), formatPct(1, 2)]);
    expect((await row('Errors'))[1]).toBe(`5 (${formatPct(5 / 40)})`);
    expect((await row('Runners'))).toEqual(['aps-1', 'euw-1', 'use-1']);
    // p50 of 400..419 twice = 409.5 ms -> "410 ms"; eu-west's errors have no latency: the median
    // of smoke 900..914 and json 900..919 (35 values) is 908 ms.
    expect(await row('Latency p50')).toEqual(['1.51 s', '908 ms', '410 ms']);
    // Where: the newest smoke run errored in eu-west only.
    const where = section.locator('.where-table tbody tr', { has: page.locator('th:text-is("smoke")') }).locator('td.rgc');
    const cells = await where.allInnerTexts();
    expect(cells[0]).toContain('pass');
    expect(cells[1]).toContain('error: overloaded');
    expect(cells[1]).toContain('euw-1');
    expect(cells[2]).toContain('pass');
    expect(consoleErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('the region filter shows only the chosen region, without script', async () => {
    const { page } = await browser.open(render(fleetResults(), 'filter'));
    const visibleHeaders = () => page.locator('.regions-table thead th.rgc:visible').allInnerTexts();
    expect(await visibleHeaders()).toHaveLength(3);
    await page.locator('label', { hasText: 'eu-west' }).click();
    expect(await visibleHeaders()).toEqual(['eu-west']);
    expect(await page.locator('.where-table thead th.rgc:visible').allInnerTexts()).toEqual(['eu-west']);
    await page.locator('label', { hasText: 'all regions' }).click();
    expect(await visibleHeaders()).toHaveLength(3);
  });

  it('a one-region store renders without the region section', async () => {
    const { page } = await browser.open(render(fleetResults().filter((r) => r.region === 'us-east'), 'single'));
    expect(await page.locator('#regions').count()).toBe(0);
    expect(await page.locator('nav.toc a[href="#regions"]').count()).toBe(0);
    expect(await page.locator('#latency').count()).toBe(1);
  });
});
