/** The report window and its time buckets (UTC). */
import type { BucketSize, DashboardOptions, ReportWindow } from './types.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Default window: the weekly look. */
export const DEFAULT_WINDOW_MS = 7 * DAY_MS;
/** Windows up to this long are charted by hour, longer ones by day. */
export const HOURLY_UP_TO_MS = 2 * DAY_MS;

export const BUCKET_MS: Record<BucketSize, number> = { hour: HOUR_MS, day: DAY_MS };

export function resolveWindow(o: DashboardOptions): ReportWindow {
  const until = o.now ?? Date.now();
  const windowMs = o.windowMs ?? DEFAULT_WINDOW_MS;
  const bucket = o.bucket ?? (windowMs <= HOURLY_UP_TO_MS ? 'hour' : 'day');
  return { since: until - windowMs, until, bucket, bucketMs: BUCKET_MS[bucket] };
}

export const startOfUtcDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

export function startOfUtcMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Every bucket start from the window's first to its last, so charts keep empty slots. */
export function bucketStarts(w: ReportWindow, bucketMs = w.bucketMs): number[] {
  const out: number[] = [];
  for (let t = Math.floor(w.since / bucketMs) * bucketMs; t < w.until; t += bucketMs) out.push(t);
  return out;
}

/** A bucket start as a short UTC label: `11-27` for days, `11-27 14:00` for hours. */
export function bucketLabel(t: number, bucket: BucketSize): string {
  const iso = new Date(t).toISOString();
  return bucket === 'day' ? iso.slice(5, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** A timestamp as `2026-11-29 14:03 UTC`. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
