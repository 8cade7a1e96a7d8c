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
