/**
 * Headless Chromium for report tests (Debian `chromium` driven by playwright-core). Shared by
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

/** Where Debian installs Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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

/** True when a Chromium binary exists, so a suite can skip with a clear reason elsewhere. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

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
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
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
