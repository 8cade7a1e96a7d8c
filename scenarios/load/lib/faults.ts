/**
 * Fault mixes for the soak: which `x-canary-fault` each request carries, chosen by weight, what
 * the client should observe for each fault, and the share bounds that say "what we observed
 * matches what we injected". Plain module.
 */
import type { ErrorKind } from '../../../src/shared/types.ts';
import { BOOKKEEPING_THRESHOLD, METRICS, type ThresholdSpec } from './slo.ts';

/** The simulator's fault kinds (see mocks/); a new kind does not compile until it has an expectation. */
export type FaultKind =
  | 'rate_limit' | 'spend_limit' | 'overloaded' | 'server_error' | 'unavailable' | 'gateway_timeout'
  | 'hang' | 'slow_first_token' | 'reset' | 'malformed_json' | 'stream_error' | 'stream_truncated'
  | 'stream_stall' | 'stream_runaway' | 'context_overflow' | 'auth' | 'short' | 'refusal' | 'repetitive' | 'verbose';

/**
 * What the client should observe for each fault: an error kind, or `null` when the request still
 * succeeds (slow first token, degraded output). `streamOnly` faults need `stream: true`.
 */
export const FAULT_EXPECTATIONS: Readonly<Record<FaultKind, { kind: ErrorKind | null; streamOnly?: boolean }>> = {
  rate_limit: { kind: 'rate_limited' },
  spend_limit: { kind: 'spend_limited' },
  overloaded: { kind: 'overloaded' },
  server_error: { kind: 'server_error' },
  unavailable: { kind: 'server_error' },
  gateway_timeout: { kind: 'timeout' },
  hang: { kind: 'timeout' },
  slow_first_token: { kind: null },
  reset: { kind: 'connection' },
  malformed_json: { kind: 'malformed_response' },
  stream_error: { kind: 'stream_interrupted', streamOnly: true },
  stream_truncated: { kind: 'stream_interrupted', streamOnly: true },
  stream_stall: { kind: 'timeout', streamOnly: true },
  // Endless: a load client reading the whole body gives up at its timeout.
  stream_runaway: { kind: 'timeout', streamOnly: true },
  context_overflow: { kind: 'context_overflow' },
  auth: { kind: 'auth' },
  short: { kind: null },
  refusal: { kind: null },
  repetitive: { kind: null },
  verbose: { kind: null },
};

/** Every fault kind, derived from the expectation table. */
export const FAULT_KINDS = Object.keys(FAULT_EXPECTATIONS) as FaultKind[];

/** One entry of a mix: a fault (or `none`), its weight, and header parameters. */
export interface FaultMixEntry {
  fault: FaultKind | 'none';
  weight: number;
  /** Extra `key=value` parameters, e.g. `{ retry_after: 1 }`. */
  params?: Record<string, string | number>;
}

/**
 * The default soak mix: 85% clean traffic and the faults a Claude integration meets most, with
 * weights that make each share measurable within a few thousand requests.
 */
export const DEFAULT_FAULT_MIX: readonly FaultMixEntry[] = [
  { fault: 'none', weight: 0.85 },
  { fault: 'rate_limit', weight: 0.05, params: { retry_after: 1 } },
  { fault: 'overloaded', weight: 0.04 },
  { fault: 'server_error', weight: 0.03 },
  { fault: 'stream_error', weight: 0.02 },
  { fault: 'malformed_json', weight: 0.01 },
];

/** Checks a mix: non-negative weights, a positive total, known kinds, no duplicates. Returns problems. */
export function validateMix(mix: readonly FaultMixEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  mix.forEach((e, i) => {
    if (e.fault !== 'none' && !(e.fault in FAULT_EXPECTATIONS)) problems.push(`mix[${i}].fault: unknown fault "${String(e.fault)}"`);
    if (!Number.isFinite(e.weight) || e.weight < 0) problems.push(`mix[${i}].weight: must be a non-negative number, got ${e.weight}`);
    else total += e.weight;
    if (seen.has(e.fault)) problems.push(`mix[${i}].fault: "${e.fault}" appears twice`);
    seen.add(e.fault);
  });
  if (total <= 0) problems.push('mix: weights must add up to more than 0');
  return problems;
}

/**
 * Picks the entry for a uniform random number `u` in [0, 1) (pass `Math.random()`), in
 * proportion to the weights. Deterministic for a given `u`, which keeps it testable.
 */
export function pickFault(mix: readonly FaultMixEntry[], u: number): FaultMixEntry {
  const total = mix.reduce((a, e) => a + Math.max(0, e.weight), 0);
  if (!(total > 0)) throw new Error('fault mix has no positive weight');
  let x = Math.min(Math.max(u, 0), 0.999999999) * total;
  for (const e of mix) {
    const w = Math.max(0, e.weight);
    if (x < w) return e;
    x -= w;
  }
  // Floating-point leftovers land on the last entry with weight.
  return [...mix].reverse().find((e) => e.weight > 0)!;
}

/** The `x-canary-fault` header value for an entry, or undefined for `none`: `rate_limit; retry_after=1`. */
export function faultHeader(entry: FaultMixEntry): string | undefined {
  if (entry.fault === 'none') return undefined;
  const params = Object.entries(entry.params ?? {}).map(([k, v]) => `${k}=${v}`);
  return [entry.fault, ...params].join('; ');
}

/** Expected share of each observed error kind, from a mix (kinds that several faults share add up). */
export function expectedKindShares(mix: readonly FaultMixEntry[]): Map<ErrorKind, number> {
  const total = mix.reduce((a, e) => a + Math.max(0, e.weight), 0);
  const shares = new Map<ErrorKind, number>();
  for (const e of mix) {
    if (e.fault === 'none' || total <= 0) continue;
    const kind = FAULT_EXPECTATIONS[e.fault].kind;
    if (kind === null) continue;
    shares.set(kind, (shares.get(kind) ?? 0) + Math.max(0, e.weight) / total);
  }
  return shares;
}

/**
 * Bounds for an observed share `p` over about `n` requests: `p ± (z x binomial sd + slack)`,
 * clamped to [0, 1]. z = 4 makes a false alarm rarer than 1 in 10,000 runs.
 */
export function shareBounds(p: number, n: number, z = 4, slack = 0.005): { lo: number; hi: number } {
  const sd = n > 0 ? Math.sqrt((p * (1 - p)) / n) : 1;
  const d = z * sd + slack;
  const round = (v: number) => Math.round(v * 10_000) / 10_000;
  return { lo: round(Math.max(0, p - d)), hi: round(Math.min(1, p + d)) };
}

/**
 * Thresholds that hold each observed error share within its bounds, and the injected faults to
 * be detected as their expected kind, for a run of about `expectedRequests`.
 */
export function faultShareThresholds(mix: readonly FaultMixEntry[], expectedRequests: number): Record<string, ThresholdSpec[]> {
  const t: Record<string, ThresholdSpec[]> = { [METRICS.faultDetected]: ['rate>0.99'] };
  for (const [kind, p] of expectedKindShares(mix)) {
    const { lo, hi } = shareBounds(p, expectedRequests);
    t[`${METRICS.observedShare}{kind:${kind}}`] = [`rate>=${lo}`, `rate<=${hi}`];
  }
  for (const e of mix) {
    // Per-fault sub-metrics reach the summary only through a threshold: a real one for detection,
    // the always-true bookkeeping one for the injected count.
    t[`${METRICS.injected}{fault:${e.fault}}`] = [BOOKKEEPING_THRESHOLD];
    if (e.fault !== 'none') t[`${METRICS.faultDetected}{fault:${e.fault}}`] = ['rate>0.99'];
  }
  return t;
}
