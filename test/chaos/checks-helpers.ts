/** Fixtures for the chaos checks tests: what a scenario observed, built as plain data. */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Observed } from '../../src/chaos/checks.ts';
import { ScenarioSchema } from '../../src/chaos/schema.ts';
import type { AttemptView, CallView, CheckVerdict } from '../../src/chaos/types.ts';
import type { ProbeRun } from '../../src/probes/runner.ts';

export function attempt(over: Partial<AttemptView> = {}): AttemptView {
  return { n: 1, at_ms: 0, duration_ms: 100, status: 200, error_kind: null, retry_after_ms: null, wait_ms: null, wait_source: null, ...over };
}

export function call(index: number, over: Partial<CallView> = {}): CallView {
  return { index, probe_id: 'p', model: 'claude-haiku-4-5', at_ms: index * 1000, latency_ms: 500, outcome: 'pass', error_kind: null, flags: [], attempts: [attempt()], ...over };
}

/** A probe run as the checks read it: its cost, its attempts' text_delivered, its final text. */
export function run(over: { cost_usd?: number | null; delivered?: boolean[]; text?: string; record?: null } = {}): ProbeRun {
  const record = over.record === null ? null : { attempts: (over.delivered ?? [false]).map((d) => ({ text_delivered: d })) };
  return { result: { cost_usd: over.cost_usd === undefined ? 0.001 : over.cost_usd }, record, text: over.text ?? 'answer' } as unknown as ProbeRun;
}

/** A finished span as the checks read it. */
export function span(name: string, id: string, parent?: string, attributes: Record<string, unknown> = {}): ReadableSpan {
  return {
    name,
    attributes,
    spanContext: () => ({ spanId: id, traceId: 't', traceFlags: 1 }),
    parentSpanContext: parent === undefined ? undefined : { spanId: parent, traceId: 't', traceFlags: 1 },
  } as unknown as ReadableSpan;
}

export function observed(scenario: { expect?: Record<string, unknown>; client?: Record<string, unknown>; workload?: Record<string, unknown> }, over: Partial<Observed> = {}): Observed {
  const calls = over.calls ?? [call(0)];
  return {
    scenario: ScenarioSchema.parse({ id: 's', description: 'd', expect: {}, ...scenario }),
    runs: calls.map(() => run()),
    calls,
    alerts: [],
    notifications: [],
    spans: [],
    points: [],
    logLines: [],
    apiRequests: calls.length,
    virtualMs: 60_000,
    deliveredText: [],
    sentinels: [],
    ...over,
  };
}

/** The verdicts whose name is `name` (every one when several share it). */
export function named(verdicts: CheckVerdict[], name: string): CheckVerdict[] {
  return verdicts.filter((v) => v.name === name);
}

/** The one verdict called `name`. */
export function one(verdicts: CheckVerdict[], name: string): CheckVerdict {
  const found = named(verdicts, name);
  if (found.length !== 1) throw new Error(`${found.length} verdicts named "${name}": ${verdicts.map((v) => v.name).join(' | ')}`);
  return found[0]!;
}
