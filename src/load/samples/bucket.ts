/** A time slot of the load series, and the operations on it. */
import { Histogram } from './histogram.ts';

/** Tag values tracked per breakdown (errors by kind, checks by name...); the rest are counted as "other". */
export const MAX_TAG_VALUES = 200;

/** One time slot. */
export interface TimeBucket {
  /** Slot start, epoch ms (a multiple of the slot width). */
  start: number;
  requests: number;
  requestsByInstance: Map<string, number>;
  /** http_req_failed samples with value 1. */
  failed: number;
  /** http_req_duration, ms. */
  latency: Histogram;
  iterations: number;
  /** claude_errors by `kind` tag (the scripts' own error taxonomy). */
  errorsByKind: Map<string, number>;
  /** Failed HTTP requests by `status` (and `error_code` when k6 set one, e.g. 1050 for a timeout). */
  httpFailures: Map<string, number>;
  /** Highest `vus` gauge value seen in the slot, per instance. */
  vus: Map<string, number>;
}

/** An empty slot starting at `start`. */
export function newBucket(start: number): TimeBucket {
  return { start, requests: 0, requestsByInstance: new Map(), failed: 0, latency: new Histogram(), iterations: 0, errorsByKind: new Map(), httpFailures: new Map(), vus: new Map() };
}

/** Adds `n` under `key`, folding keys past MAX_TAG_VALUES into "(other)". */
export function addTo(map: Map<string, number>, key: string, n: number): void {
  const cur = map.get(key);
  if (cur !== undefined) map.set(key, cur + n);
  else if (map.size < MAX_TAG_VALUES) map.set(key, n);
  else map.set('(other)', (map.get('(other)') ?? 0) + n);
}

/** Adds slot `b` into slot `into`. */
export function mergeBucket(into: TimeBucket, b: TimeBucket): void {
  into.requests += b.requests;
  for (const [k, v] of b.requestsByInstance) addTo(into.requestsByInstance, k, v);
  into.failed += b.failed;
  into.latency.merge(b.latency);
  into.iterations += b.iterations;
  for (const [k, v] of b.errorsByKind) addTo(into.errorsByKind, k, v);
  for (const [k, v] of b.httpFailures) addTo(into.httpFailures, k, v);
  for (const [k, v] of b.vus) into.vus.set(k, Math.max(into.vus.get(k) ?? 0, v));
}
