/**
 * `doctor`: the deployment checklist as checks. Each check is a small function over a
 * {@link DoctorContext} returning a {@link CheckResult} (data, never console output); the ids
 * are one string union with an exhaustive handler table (`registry.ts`), so a new check does
 * not compile until it is handled.
 */
import type { ResolvedConfig, Target } from '../config/index.ts';
import type { Problem } from '../shared/errors.ts';
import type { Catalog } from '../shared/catalog.ts';
import type { Probe } from '../probes/index.ts';
import type { ProbeCallOutcome } from './probe-call.ts';

/** Every check, in the order `doctor` runs and prints them. */
export const CHECK_IDS = [
  'config',
  'telemetry',
  'otlp_export',
  'models_priced',
  'catalogue_age',
  'budgets',
  'alert_sinks',
  'runbooks',
  'retries_timeouts',
  'tls',
  'api_key_source',
  'audit_trail',
  'reconciliation',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** `skip`: the check does not apply here (e.g. TLS against the in-process simulator); it never fails a run. */
export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** What was checked, in one line. */
  checked: string;
  /** What was found (never a secret, never a URL's path or query). */
  detail: string;
  /** How to fix it (or keep it passing). */
  fix: string;
}

/** The client's retry and timeout settings the checklist judges (the client's defaults unless given). */
export interface ClientSettings {
  maxRetries: number;
  maxRetryAfterMs: number;
  attemptTimeoutMs: number;
  deadlineMs: number;
  streamIdleTimeoutMs: number;
}

export interface DoctorContext {
  config: ResolvedConfig;
  /** Problems loading the config file or the probes folder; empty when both loaded. */
  configProblems: Problem[];
  /** The config file considered (also when it did not load), or null when there is none. */
  configFile: string | null;
  env: Record<string, string | undefined>;
  target: Target;
  /** Enabled probes. */
  probes: Probe[];
  /** Deliver a test notification to each sink (`--send-test`). */
  sendTest: boolean;
  now: number;
  catalog: Catalog;
  /** Warn when the catalogue's newest price is older than this. */
  maxCatalogueAgeDays: number;
  /** Warn when reconciliation last ran longer ago than this. */
  maxReconcileAgeDays: number;
  client: ClientSettings;
  /** Extra CA certificates trusted by the TLS check (a private gateway; tests). */
  tlsCa?: string | Buffer;
  /** Timeout of one TLS handshake and of one test notification, ms. */
  networkTimeoutMs: number;
  /** One Claude call through the instrumented client, made once and shared by the checks that read it. */
  probeCall(): Promise<ProbeCallOutcome>;
  /** When reconciliation last ran (epoch ms), or null when never. */
  lastReconciliationAt(): number | null;
}

export type CheckHandler = (ctx: DoctorContext) => CheckResult | Promise<CheckResult>;

/** Milliseconds in a day (ages are judged in whole days). */
export const DAY_MS = 86_400_000;
