/**
 * Headless Chromium for report tests, driven by playwright-core: `CHROMIUM_PATH` when set, else a
 * system Chromium (Debian's `/usr/bin/chromium`) when there is one, else the browser that the npm
 * package `@sparticuz/chromium` ships (unpacked to a temp folder on first use), so `npm ci` alone
 * is enough on a fresh machine. Shared by
 * the load, dashboard and chaos report tests: open a file, collect console errors and any
 * request that leaves the page, take a screenshot.
 *
 * @example
 * const b = await launchBrowser();
 * const page = await b.open(file);
 * expect(page.consoleErrors).toEqual([]);
 * await b.close();
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Debian installs Chromium. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** The Chromium to launch, and where it came from (printed by the suites). */
export async function chromiumExecutable(): Promise<{ path: string; source: string }> {
  const configured = process.env['CHROMIUM_PATH'];
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured}: no such file`);
    return { path: configured, source: 'CHROMIUM_PATH' };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system' };
  const { default: packaged } = await import('@sparticuz/chromium');
  return { path: await packaged.executablePath(), source: '@sparticuz/chromium' };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
];

export interface OpenedPage {
  page: Page;
  /** console.error messages and uncaught page errors. */
  consoleErrors: string[];
  /** Every request other than the file itself (a self-contained report makes none). */
  externalRequests: string[];
  /** Content-Security-Policy violations reported by the page. */
  cspViolations: string[];
}

export interface ReportBrowser {
  open(file: string, viewport?: { width: number; height: number }): Promise<OpenedPage>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<ReportBrowser> {
  const { path } = await chromiumExecutable();
  const browser: Browser = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS, headless: true });
  const pages: Page[] = [];
  return {
    async open(file, viewport = { width: 1280, height: 900 }) {
      const page = await browser.newPage({ viewport });
      pages.push(page);
      const url = pathToFileURL(file).href;
      const consoleErrors: string[] = [];
      const externalRequests: string[] = [];
      const cspViolations: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') {
          // Chromium logs CSP refusals as console errors; keep them apart so a test can tell
          // "the policy blocked something" from "the page itself broke".
          if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
          else consoleErrors.push(msg.text());
        }
      });
      page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
      page.on('request', (req) => {
        if (req.url() !== url) externalRequests.push(req.url());
      });
      await page.goto(url, { waitUntil: 'load' });
      return { page, consoleErrors, externalRequests, cspViolations };
    },
    async close() {
      for (const p of pages) await p.close().catch(() => {});
      await browser.close();
    },
  };
}
