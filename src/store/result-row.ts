/** Mapping between ProbeResult and a `results` row (internal). */
import type { AssertionResult, ErrorKind, ProbeOutcome, ProbeResult, QualityFlag, Usage } from '../shared/types.ts';

export interface ResultRow {
  run_id: string;
  probe_id: string;
  model: string;
  target: string;
  runner_id: string;
  region: string;
  started_at: number;
  finished_at: number;
  outcome: string;
  error_kind: string | null;
  error_message: string | null;
  attempts: number;
  latency_ms: number | null;
  ttft_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  usage: string | null;
  cost_usd: number | null;
  unpriced: number;
  stop_reason: string | null;
  request_id: string | null;
  context_utilisation: number | null;
  flags: string;
  assertions: string;
  output_sha256: string | null;
  output_preview: string | null;
}

export const ROW_COLUMNS = [
  'run_id', 'probe_id', 'model', 'target', 'runner_id', 'region', 'started_at', 'finished_at', 'outcome',
  'error_kind', 'error_message', 'attempts', 'latency_ms', 'ttft_ms', 'input_tokens', 'output_tokens',
  'cache_creation_input_tokens', 'cache_read_input_tokens', 'usage', 'cost_usd', 'unpriced', 'stop_reason',
  'request_id', 'context_utilisation', 'flags', 'assertions', 'output_sha256', 'output_preview',
] as const satisfies ReadonlyArray<keyof ResultRow>;

export function toRow(r: ProbeResult): ResultRow {
  return {
    run_id: r.run_id,
    probe_id: r.probe_id,
    model: r.model,
    target: r.target,
    runner_id: r.runner_id,
    region: r.region,
    started_at: r.started_at,
    finished_at: r.finished_at,
    outcome: r.outcome,
    error_kind: r.error_kind,
    error_message: r.error_message,
    attempts: r.attempts,
    latency_ms: r.latency_ms,
    ttft_ms: r.ttft_ms,
    input_tokens: r.usage?.input_tokens ?? null,
    output_tokens: r.usage?.output_tokens ?? null,
    cache_creation_input_tokens: r.usage?.cache_creation_input_tokens ?? null,
    cache_read_input_tokens: r.usage?.cache_read_input_tokens ?? null,
    usage: r.usage ? JSON.stringify(r.usage) : null,
    cost_usd: r.cost_usd,
    unpriced: r.unpriced ? 1 : 0,
    stop_reason: r.stop_reason,
    request_id: r.request_id,
    context_utilisation: r.context_utilisation,
    flags: r.flags.length === 0 ? '[]' : JSON.stringify(r.flags),
    assertions: r.assertions.length === 0 ? '[]' : JSON.stringify(r.assertions),
    output_sha256: r.output_sha256,
    output_preview: r.output_preview,
  };
}

export function fromRow(row: ResultRow): ProbeResult {
  return {
    run_id: row.run_id,
    probe_id: row.probe_id,
    model: row.model,
    target: row.target,
    runner_id: row.runner_id,
    region: row.region,
    started_at: row.started_at,
    finished_at: row.finished_at,
    outcome: row.outcome as ProbeOutcome,
    error_kind: row.error_kind as ErrorKind | null,
    error_message: row.error_message,
    attempts: row.attempts,
    latency_ms: row.latency_ms,
    ttft_ms: row.ttft_ms,
    usage: row.usage === null ? null : (JSON.parse(row.usage) as Usage),
    cost_usd: row.cost_usd,
    unpriced: row.unpriced === 1,
    stop_reason: row.stop_reason,
    request_id: row.request_id,
    context_utilisation: row.context_utilisation,
    flags: JSON.parse(row.flags) as QualityFlag[],
    assertions: JSON.parse(row.assertions) as AssertionResult[],
    output_sha256: row.output_sha256,
    output_preview: row.output_preview,
  };
}
