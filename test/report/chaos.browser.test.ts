/**
 * The chaos report in a real browser, from the committed fixture run: verdicts, failed checks
 * first with expected against actual, the virtual-time timelines, totals, a screenshot, and a
 * hostile string in a check's `actual` that must show as text and never run.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChaosRun } from '../../src/chaos/types.ts';
import { renderChaosReport, speedUp } from '../../src/report/chaos/index.ts';
import { launchBrowser, type ReportBrowser } from './browser.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'reports', 'screenshots');
const fixture = (): ChaosRun => JSON.parse(readFileSync(join(ROOT, 'test/fixtures/chaos/run.json'), 'utf8')) as ChaosRun;
const PWN = '<script>window.__pwned=1</script>';
const IMG = '"><img src=x onerror=window.__pwned=2>';


let browser: ReportBrowser;
const dir = mkdtempSync(join(tmpdir(), 'canary-chaos-report-'));
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function write(name: string, run: ChaosRun): string {
  const file = join(dir, name);
  writeFileSync(file, renderChaosReport(run));
  return file;
}

describe('chaos report in Chromium', () => {
  it('shows the verdict, totals and per-scenario badges, failed scenario first, with no console errors or requests', async () => {
    const run = fixture();
    const { page, consoleErrors, externalRequests, cspViolations } = await browser.open(write('chaos.html', run));
    await expect(page.locator('header.page .badge').innerText()).resolves.toBe('FAIL');
    const text = await page.locator('body').innerText();
    const checks = run.scenarios.flatMap((s) => s.checks);
    for (const figure of ['2 of 3', `${checks.filter((c) => c.pass).length} of ${checks.length}`, '7 / 12', '5 retries', '21 min 24 s', '412 ms', '3,117×']) expect(text).toContain(figure);
    expect(Math.round(speedUp(run.virtual_ms, run.wall_ms)!)).toBe(3117);
    const firstScenario = await page.locator('section.card', { hasText: 'Scenarios' }).first().locator('tbody tr').first().innerText();
    expect(firstScenario).toMatch(/^FAIL\s+overload-backoff-then-alert\s+3 \/ 5/);
    expect(await page.locator('section.card header.scenario .badge').allInnerTexts()).toEqual(['FAIL', 'PASS', 'PASS']);
    expect(consoleErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(externalRequests).toEqual([]);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("script-src 'none'");
  });

  it('lists failed checks first with expected against actual', async () => {
    const { page } = await browser.open(write('checks.html', fixture()));
    const rows = page.locator('section.card', { hasText: 'overload-backoff-then-alert' }).last().locator('table').first().locator('tbody tr');
    expect(await rows.nth(0).innerText()).toMatch(/^FAIL\s+alert api_error_rate fires within 5m\s+firing by 300000 ms\s+never fired/);
    expect(await rows.nth(1).innerText()).toMatch(/^FAIL\s+call 2 stop_reason\s+end_turn\s+max_tokens/);
    expect(await rows.nth(2).innerText()).toMatch(/^PASS/);
  });

  it('draws attempts and retry-after and backoff waits on virtual-time timelines', async () => {
    const { page } = await browser.open(write('timeline.html', fixture()));
    // Per scenario one overview, plus one timeline per call: 3 + 3 + 1 calls.
    const timelines = page.locator('svg[aria-label*="attempts"]');
    expect(await timelines.count()).toBe(3 + 7);
    const waits = await page.locator('svg rect title').allTextContents();
    expect(waits.filter((t) => t.includes('retry-after 30.0 s')).length).toBeGreaterThanOrEqual(3);
    expect(waits.some((t) => t.includes('backoff 512 ms'))).toBe(true);
    expect(waits.some((t) => t.includes('backoff 1.74 s'))).toBe(true);
    const rateLimited = page.locator('section.card', { hasText: 'rate-limit-honours-retry-after' }).last();
    expect(await rateLimited.locator('svg text', { hasText: 'retry-after 30.0 s' }).count()).toBeGreaterThanOrEqual(3);
    expect(await rateLimited.innerText()).toMatch(/firing/);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'chaos.png'), fullPage: true });
  });

  it('shows a hostile check value, scenario id and alert label as text and runs none of it', async () => {
    const run = fixture();
    run.scenarios[2]!.id = `ctx-${IMG}`;
    run.scenarios[2]!.description = PWN;
    run.scenarios[0]!.alerts[0]!.labels = { probe_id: IMG };
    const { page, consoleErrors, externalRequests } = await browser.open(write('hostile.html', run));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    const text = await page.locator('body').innerText();
    expect(text).toContain(`last state pending ${PWN}${IMG}`);
    expect(text).toContain(`ctx-${IMG}`);
    expect(text).toContain(PWN);
    expect(consoleErrors).toEqual([]);
    expect(externalRequests).toEqual([]);
  });

  it('marks an all-pass run PASS, and a scenario that could not run as ERROR', async () => {
    const run = fixture();
    run.scenarios = run.scenarios.filter((s) => s.pass);
    const ok = renderChaosReport(run);
    expect(ok).toMatch(/<span class="badge pass verdict">PASS<\/span>/);
    const broken = fixture();
    broken.scenarios[2] = { ...broken.scenarios[2]!, pass: false, error: 'fault plan invalid: unknown fault "hang_forever"', calls: [], checks: [] };
    const { page } = await browser.open(write('error.html', broken));
    const text = await page.locator('body').innerText();
    expect(text).toContain('The scenario could not run: fault plan invalid: unknown fault "hang_forever"');
    expect(text).toMatch(/ERROR\s+context-overflow-fails-fast/);
  });
});
