import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeResult } from '../../src/shared/types.ts';

/** A temp directory removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'canary-store-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function result(overrides: Partial<ProbeResult> = {}): ProbeResult {
  return {
    run_id: 'run-1',
    probe_id: 'smoke',
    model: 'claude-haiku-4-5',
    target: 'sim',
    runner_id: 'runner-a',
    region: 'eu-west',
    started_at: 1_000_000,
    finished_at: 1_000_900,
    outcome: 'pass',
    error_kind: null,
    error_message: null,
    attempts: 1,
    latency_ms: 900,
    ttft_ms: 250,
    usage: { input_tokens: 12, output_tokens: 80, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0 },
    cost_usd: 0.0004,
    unpriced: false,
    stop_reason: 'end_turn',
    request_id: 'req_1',
    context_utilisation: 0.0001,
    flags: [],
    assertions: [],
    output_sha256: 'ab'.repeat(32),
    output_preview: 'OK',
    ...overrides,
  };
}
