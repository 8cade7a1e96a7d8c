/**
 * Scheduler bench: 1,000 probes on one-minute schedules (`* * * * *`), jitter 0, waiting for one
 * minute boundary (at most ~70 s). Fire skew = the time our tick handler ran minus the minute
 * boundary (node-cron's timer plus our handler, before jitter and the concurrency queue).
 * Targets: p99 fire skew 100 ms; memory (RSS) 200 MB. Standalone: `npx tsx bench/scheduler.bench.ts`.
 */
import { createScheduler, type SchedulerEvent } from '../src/scheduler/index.ts';

const PROBES = 1_000;
const TARGET_SKEW_MS = 100;
const TARGET_RSS_MB = 200;

const mb = (n: number) => n / 1024 / 1024;
const gc = (globalThis as { gc?: () => void }).gc;
const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const line = (name: string, value: string, ratio?: number, pass?: boolean) =>
  process.stdout.write(`${name.padEnd(40)} ${value.padStart(12)}${ratio === undefined ? '' : `   ratio to target ${ratio.toFixed(2)}   ${pass ? 'PASS' : 'FAIL'}`}\n`);

gc?.();
const before = process.memoryUsage();
const skews: number[] = [];
const startDelays: number[] = [];
const probes = Array.from({ length: PROBES }, (_, i) => ({ id: `probe-${i}`, schedule: '* * * * *', model: 'claude-haiku-4-5' }));
let finished = 0;
const scheduler = createScheduler(probes, {
  jitterMs: 0,
  maxConcurrency: 50,
  run: () => new Promise<void>((r) => setTimeout(r, 20)),
  onEvent(e: SchedulerEvent) {
    if (e.type === 'fired') skews.push(e.firedAt - e.scheduledAt);
    else if (e.type === 'started') startDelays.push(e.startedAt - e.scheduledAt);
    else if (e.type === 'finished') finished++;
  },
});
const t0 = performance.now();
scheduler.start();
const startMs = performance.now() - t0;
gc?.();
const scheduled = process.memoryUsage();
const boundary = Math.ceil(Date.now() / 60_000) * 60_000;
process.stdout.write(`${PROBES} probes scheduled (${scheduler.stats().jobs} node-cron job) in ${startMs.toFixed(0)} ms; waiting ${((boundary - Date.now()) / 1000).toFixed(1)} s for the minute boundary\n`);

const deadline = Date.now() + 70_000;
while (finished < PROBES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
const peak = process.memoryUsage();
const report = await scheduler.stop({ deadlineMs: 5_000 });

let failed = false;
if (skews.length < PROBES) {
  process.stdout.write(`only ${skews.length} of ${PROBES} jobs fired before the deadline\n`);
  failed = true;
}
skews.sort((a, b) => a - b);
startDelays.sort((a, b) => a - b);
const p99 = percentile(skews, 0.99);
line('fire skew p50', `${percentile(skews, 0.5)} ms`);
line('fire skew p99', `${p99} ms`, p99 / TARGET_SKEW_MS, p99 <= TARGET_SKEW_MS);
line('fire skew max', `${skews[skews.length - 1]} ms`);
line('start delay p99 (cap 50, 20 ms runs; info)', `${percentile(startDelays, 0.99)} ms`);
const rss = mb(Math.max(scheduled.rss, peak.rss));
line('rss, peak of scheduled/after fire', `${rss.toFixed(1)} MB`, rss / TARGET_RSS_MB, rss <= TARGET_RSS_MB);
line('heap used: before / scheduled / after', `${mb(before.heapUsed).toFixed(1)} / ${mb(scheduled.heapUsed).toFixed(1)} / ${mb(peak.heapUsed).toFixed(1)} MB`);
line('runs completed / skipped / stop drained', `${finished} / ${scheduler.stats().skipped_overlap} / ${report.drained}`);
failed ||= p99 > TARGET_SKEW_MS || rss > TARGET_RSS_MB;
process.exitCode = failed ? 1 : 0;
