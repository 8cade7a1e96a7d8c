/** The dashboard's data: what the queries return and the renderers read (no SQL, no HTML here). */
import type { ReconciliationRecord } from '../../store/reconciliation-record.ts';
import type { Catalog } from '../../shared/catalog.ts';
import type { FailureReason } from '../../shared/failure.ts';
import type { ResultSource } from '../../shared/source.ts';
import type { PriceOverride } from '../../client/cost.ts';

export type BucketSize = 'hour' | 'day';

export interface DashboardOptions {
  /** How far back the report looks, ms. Default 7 days. */
  windowMs?: number;
  /** The report's "now" (epoch ms): end of the window, and the day and month spend is counted for. Default Date.now(). */
  now?: number;
  /** Spend budgets in USD. Default DEFAULTS.budgets from src/config (daily 5, monthly 50). */
  budgets?: { daily_usd: number; monthly_usd: number };
  /** Time bucket for the charts. Default: hour for windows up to 2 days, else day. */
  bucket?: BucketSize;
  /** Model catalogue for the "what if" table. Default the built-in one. */
  catalog?: Catalog;
  /** Per-model price overrides (config `prices` with both input and output set). */
  priceOverrides?: Readonly<Record<string, PriceOverride>>;
  /** Rows in the slowest and most expensive run tables. Default 10. */
  topN?: number;
  /** Page title. Default "Claude canary dashboard". */
  title?: string;
  /** Where the data came from (the database path), shown under the title. */
  source?: string;
}

/** The window a report covers, resolved from the options. */
export interface ReportWindow {
  since: number;
  until: number;
  bucket: BucketSize;
  bucketMs: number;
}

export interface Summary {
  runs: number;
  skipped: number;
  errors: number;
  failed: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  cost: number;
  unpriced: number;
  flagged: number;
  /** Runs against the simulator, and against the real API; the rest went to a custom base URL. */
  sim_runs: number;
  api_runs: number;
}

/** Percentiles for one bucket (or a whole series when `t` is null). */
export interface LatencyPoint {
  probe_id: string;
  model: string | null;
  t: number | null;
  runs: number;
  errors: number;
  /** Runs that got an answer and failed its checks (assertions or failing flags). */
  failed: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  ttft_p50: number | null;
  ttft_p95: number | null;
  cost: number;
  flagged: number;
  /** Runs against the simulator, and against the real API (see Summary). */
  sim_runs: number;
  api_runs: number;
}

/** Token sums for one UTC day and model: the basis of cost, token mix, "what if" and savings. */
export interface TokenMixRow {
  day: number;
  model: string;
  runs: number;
  cost: number;
  unpriced: number;
  input: number;
  output: number;
  /** All cache writes (5-minute and 1-hour). */
  cache_write: number;
  cache_write_1h: number;
  cache_read: number;
}

export interface CountPoint {
  t: number;
  key: string;
  n: number;
}

export interface ErrorKindRow {
  error_kind: string;
  n: number;
  last_at: number;
  last_message: string | null;
}

export interface RunRow {
  started_at: number;
  probe_id: string;
  model: string;
  outcome: string;
  error_kind: string | null;
  latency_ms: number | null;
  ttft_ms: number | null;
  cost_usd: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  request_id: string | null;
  /** `sim`, `anthropic` or a base URL: which API answered (see shared/source.ts). */
  target: string;
}

/** The newest result of a series, and its newest error (for the per-probe sections). */
export interface SeriesLatest {
  probe_id: string;
  model: string;
  last_at: number;
  last_outcome: string;
  output_preview: string | null;
  error_at: number | null;
  error_kind: string | null;
  error_message: string | null;
  /** Where the newest result came from. */
  source: ResultSource;
  /** The newest failed run (outcome `fail`) in the window, and why it failed. */
  fail_at: number | null;
  fail_reasons: FailureReason[];
}

export interface AlertEventRow {
  rule_id: string;
  label_key: string;
  labels: Record<string, string>;
  from_state: string;
  to_state: string;
  at: number;
  value: number | null;
}

export interface OpenAlert {
  rule_id: string;
  labels: Record<string, string>;
  state: string;
  severity: string;
  since: number | null;
  value: number | null;
  threshold: number | null;
  summary: string;
}

export interface AlertData {
  /** False when the store has no alert tables (an older schema): the report says so. */
  available: boolean;
  events: AlertEventRow[];
  open: OpenAlert[];
}

/** One region's figures over the window (the fleet view). */
export interface RegionRow extends Pick<Summary, 'runs' | 'skipped' | 'errors' | 'failed' | 'p50' | 'p95'> {
  region: string;
  runners: number;
  runner_ids: string[];
  last_at: number;
}

/** The newest run of one probe series in one region. */
export interface RegionLatest {
  region: string;
  probe_id: string;
  model: string;
  runner_id: string;
  started_at: number;
  outcome: string;
  error_kind: string | null;
  latency_ms: number | null;
}

/** The fleet view: present only when the window has results from two regions or more. */
export interface RegionData {
  regions: RegionRow[];
  latest: RegionLatest[];
}

export interface DashboardData {
  window: ReportWindow;
  summary: Summary;
  spendToday: number;
  spendMonth: number;
  /** Per probe over the window: sums only (percentiles are per probe and model, below). */
  byProbe: LatencyPoint[];
  /** Per probe and model over the window, with exact percentiles. */
  bySeries: LatencyPoint[];
  /** Per probe, model and time bucket, with exact percentiles. */
  bySeriesBucket: LatencyPoint[];
  tokenMix: TokenMixRow[];
  costByProbeDay: CountPoint[];
  errorsByBucket: CountPoint[];
  errorKinds: ErrorKindRow[];
  flagsByBucket: CountPoint[];
  slowest: RunRow[];
  priciest: RunRow[];
  latest: SeriesLatest[];
  alerts: AlertData;
  /** Per region, and the newest run of each series in each region; null for a one-region store. */
  regions: RegionData | null;
  /** The last `claude-canary reconcile` on this database (billed vs computed), or null when none ran. */
  reconciliation: ReconciliationRecord | null;
}
