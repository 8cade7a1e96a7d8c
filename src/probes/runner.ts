/**
 * The probe runner: spec -> instrumented client call -> quality checks -> ProbeResult -> store.
 * The same function serves `run`, `monitor` and the chaos engine.
 */
import type { ClaudeClient } from '../client/create-client.ts';
import type { CallParams, CallRecord } from '../client/types.ts';
import { BASIC_DEFAULTS } from '../quality/basic-checks.ts';
import { DRIFT_DEFAULTS } from '../quality/drift.ts';
import { evaluateQuality } from '../quality/expectations.ts';
import type { Catalog } from '../shared/catalog.ts';
import { defaultCatalog } from '../shared/catalog.ts';
import type { Clock } from '../shared/clock.ts';
import type { ProbeResult } from '../shared/types.ts';
import type { Store } from '../store/store.ts';
import { scrubValue } from '../log/scrub.ts';
import { BudgetGuard, worstCaseCost, type Budgets, type RunReservation } from './budget.ts';
import { probeMessages, type Probe } from './probe-schema.ts';
import { newRunId } from './run-id.ts';


export interface RunnerOptions {
  client: ClaudeClient;
  clock: Clock;
  /** Results are inserted here, and drift history and spend are read from it. */
  store?: Store;
  /** `sim`, `anthropic` or a base URL. */
  target: string;
  runner_id: string;
  region: string;
  /** Spend caps for the canaries' own calls; omitted = no cap. */
  budgets?: Budgets;
  /** Characters of output kept with the result (0 = none). Default 200. */
  output_preview_chars?: number;
  catalog?: Catalog;
}

export interface ProbeRun {
  result: ProbeResult;
  /** The client's call record (attempts, waits, usage); null when the run was skipped. */
  record: CallRecord | null;
  text: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Streams: each text delta as it arrives, as an app streaming to a user would consume it. */
  onText?: (delta: string) => void;
}

export interface Runner {
  run(probe: Probe, model: string, options?: RunOptions): Promise<ProbeRun>;
}

export function probeParams(probe: Probe, model: string): CallParams {
  return {
    model,
    max_tokens: probe.max_tokens,
    messages: probeMessages(probe) as CallParams['messages'],
    ...(probe.system !== undefined ? { system: probe.system as CallParams['system'] } : {}),
    ...(probe.cache_control ? { cache_control: probe.cache_control } : {}),
    stream: probe.stream,
  } as CallParams;
}

export function createRunner(opts: RunnerOptions): Runner {
  const catalog = opts.catalog ?? defaultCatalog;
  const previewChars = opts.output_preview_chars ?? 200;
  const budget = opts.budgets && opts.store ? new BudgetGuard(opts.budgets, opts.store) : null;
  /**
   * Per series (probe x model), when the latest run that read or wrote the prompt cache started.
   * Kept in this process only: a cache outlives a process on the API but not in the in-process
   * simulator, so across a restart the first run may warm the cache again without failing.
   */
  const lastCacheUse = new Map<string, number>();

  function base(probe: Probe, model: string, started: number): ProbeResult {
    return {
      run_id: newRunId(started),
      probe_id: probe.id,
      model,
      target: opts.target,
      runner_id: opts.runner_id,
      region: opts.region,
      started_at: started,
      finished_at: started,
      outcome: 'error',
      error_kind: null,
      error_message: null,
      attempts: 0,
      latency_ms: null,
      ttft_ms: null,
      usage: null,
      cost_usd: null,
      unpriced: false,
      stop_reason: null,
      request_id: null,
      context_utilisation: null,
      flags: [],
      assertions: [],
      output_sha256: null,
      output_preview: null,
    };
  }

  async function run(probe: Probe, model: string, options: RunOptions = {}): Promise<ProbeRun> {
    const started = opts.clock.now();
    const result = base(probe, model, started);
    const params = probeParams(probe, model);
    let reservation: RunReservation | null = null;
    if (budget) {
      const worstUsd = worstCaseCost(params, catalog, started);
      const r = budget.reserve({ id: result.run_id, probe_id: probe.id, model, worstUsd, now: started, deadlineMs: probe.timeout_ms });
      if (!r.ok) {
        result.outcome = 'skipped';
        result.error_kind = 'budget_exceeded';
        result.error_message = r.reason;
        opts.store?.insertResult(result);
        return { result, record: null, text: '' };
      }
      reservation = r.reservation;
    }
    try {
      const history = opts.store ? { output_tokens: opts.store.recentOutputTokens(probe.id, model, DRIFT_DEFAULTS.window) } : undefined;
      const r = await opts.client.tryCall(params, {
        deadlineMs: probe.timeout_ms,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onText ? { onText: options.onText } : {}),
        // Every attempt is counted against the cap: a retry first reserves its own worst case.
        ...(reservation ? { beforeRetry: (n: number) => reservation.extend(n, opts.clock.now()) } : {}),
        attributes: { 'claude_canary.probe.id': probe.id, 'claude_canary.runner.id': opts.runner_id, 'claude_canary.region': opts.region },
      });
      const record = r.record;
      const text = r.ok ? r.text : '';
      result.finished_at = record?.finished_at ?? opts.clock.now();
      if (record) {
        result.attempts = record.attempts.length;
        result.latency_ms = record.latency_ms;
        result.ttft_ms = record.ttft_ms;
        result.usage = record.usage;
        result.cost_usd = record.cost_usd;
        result.unpriced = record.unpriced;
        result.stop_reason = record.stop_reason;
        result.request_id = record.request_id;
        result.context_utilisation = record.context?.utilisation ?? null;
      }
      if (!r.ok) {
        result.outcome = 'error';
        result.error_kind = record?.error_kind ?? 'connection';
        result.error_message = record?.error_message ?? r.error.message;
        if (record?.outcome === 'aborted') result.error_message = 'aborted';
        // A failed call still tells how full the window was (e.g. a refused overflow).
        if (result.context_utilisation !== null && result.context_utilisation > BASIC_DEFAULTS.max_context_utilisation) result.flags = ['context_high'];
      } else {
        const rec = r.record;
        const seriesKey = `${probe.id}@${model}`;
        const cacheRead = rec.usage?.cache_read_input_tokens ?? 0;
        const cacheWrite = rec.usage?.cache_creation_input_tokens ?? 0;
        const cache = rec.usage ? { read_tokens: cacheRead, write_tokens: cacheWrite, at: started, previous_at: lastCacheUse.get(seriesKey) ?? null } : undefined;
        if (cacheRead > 0 || cacheWrite > 0) lastCacheUse.set(seriesKey, started);
        const verdict = evaluateQuality(
          {
            text,
            stop_reason: rec.stop_reason,
            output_tokens: rec.usage?.output_tokens ?? null,
            latency_ms: rec.latency_ms,
            ttft_ms: rec.ttft_ms,
            cost_usd: rec.cost_usd,
            context_utilisation: result.context_utilisation,
            ...(cache && { cache }),
          },
          probe.expectations,
          history,
        );
        result.outcome = verdict.pass ? 'pass' : 'fail';
        result.flags = verdict.flags;
        result.assertions = verdict.assertions;
        if (!verdict.pass) result.error_message = verdict.failures.join('; ');
        result.output_sha256 = rec.output_sha256;
        result.output_preview = previewChars > 0 ? text.slice(0, previewChars) : null;
      }
      // Error messages, assertion reasons and the preview hold what the server sent: a key it
      // echoed must reach neither the store nor anything that shows the result.
      const clean = scrubValue(result) as ProbeResult;
      // The result and the end of the reservation in one transaction: the run's spend moves from
      // reserved to spent with no moment counted twice or not at all.
      if (reservation) reservation.settle(clean);
      else opts.store?.insertResult(clean);
      return { result: clean, record, text };
    } finally {
      reservation?.settle(null); // no-op once settled; frees it if the run threw
    }
  }

  return { run };
}
