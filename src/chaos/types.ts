/** What a chaos run produces: one verdict per scenario. JUnit, the HTML report and the CLI read these. */

export interface CheckVerdict {
  /** e.g. `call 2 error_kind`, `alert error_rate fires within 10m`. */
  name: string;
  pass: boolean;
  expected: string;
  actual: string;
}

export interface AttemptView {
  n: number;
  /** Virtual ms since the scenario started. */
  at_ms: number;
  duration_ms: number;
  status: number | null;
  error_kind: string | null;
  retry_after_ms: number | null;
  wait_ms: number | null;
  wait_source: 'retry_after' | 'backoff' | null;
}

export interface CallView {
  index: number;
  probe_id: string;
  model: string;
  /** Virtual ms since the scenario started. */
  at_ms: number;
  latency_ms: number | null;
  outcome: 'pass' | 'fail' | 'error' | 'skipped';
  error_kind: string | null;
  flags: string[];
  attempts: AttemptView[];
}

export interface AlertEventView {
  /** Virtual ms since the scenario started. */
  at_ms: number;
  rule: string;
  labels: Record<string, string>;
  state: 'pending' | 'firing' | 'resolved' | 'inactive';
}

export interface ScenarioVerdict {
  id: string;
  description: string;
  file: string;
  pass: boolean;
  /** Set when the scenario could not run at all (a bug or bad config), not a failed expectation. */
  error: string | null;
  checks: CheckVerdict[];
  calls: CallView[];
  alerts: AlertEventView[];
  /** Virtual time the scenario covered, ms. */
  virtual_ms: number;
  /** Wall time it took, ms. */
  wall_ms: number;
  /** User-code scenarios only: every request that reached the API, in order (simulated times). */
  upstream?: UpstreamView[];
  /** User-code scenarios only: how the user's code ran. */
  user?: UserRunView;
}

/** One request in the upstream journal of a user-code scenario. */
export interface UpstreamView {
  /** 0-based position in the whole journal. */
  seq: number;
  /** Index of the call that was running, or null between calls. */
  call: number | null;
  /** Simulated ms since the scenario started. */
  at_ms: number;
  /** Simulated ms the answer took (latency of a reply; 0 for an error answered at once). */
  duration_ms: number;
  /** Simulated ms since the previous answer in the same call; null for a call's first request. */
  gap_ms: number | null;
  path: string;
  model: string | null;
  stream: boolean;
  /** HTTP status; null for a reset or a hang. */
  status: number | null;
  fault: string | null;
  /** The retry hint of the answer in simulated ms (retry-after-ms, else retry-after), or null. */
  retry_after_ms: number | null;
  max_tokens: number | null;
}

export interface UserRunView {
  mode: 'in_process' | 'process';
  /** Wall ms per simulated ms. */
  time_scale: number;
  /** The command, the URL, or `workload.run`. */
  target: string;
  /** The service's stdout and stderr (tail, secrets masked), kept when the scenario failed. */
  output: string | null;
  output_leaked_key: boolean;
  /** Process targets: wall ms from spawn to ready (not part of the simulated time). */
  startup_wall_ms: number | null;
}

export interface ChaosRun {
  /** ISO time the run started (wall clock). */
  started_at: string;
  scenarios: ScenarioVerdict[];
  virtual_ms: number;
  wall_ms: number;
  /** Name of a deliberately broken variant of the production logic, when the suite runs one (teeth tests). */
  mutant: string | null;
}
