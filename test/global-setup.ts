/**
 * Runs once before the test files (which run in parallel processes): resolves the Chromium of the
 * report tests here, so that when it comes from `@sparticuz/chromium` it is unpacked once, not by
 * three processes at the same time into the same temp folder.
 */
import { chromiumExecutable } from './report/browser.ts';

export default async function setup(): Promise<void> {
  const { path, source } = await chromiumExecutable();
  process.env['CHROMIUM_PATH'] = path;
  if (source === '@sparticuz/chromium') process.stderr.write(`report tests: Chromium from @sparticuz/chromium at ${path}\n`);
}
