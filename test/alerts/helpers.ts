/** Fixtures for the alert tests: results, a temp store, a stream of results on virtual time. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeResult } from '../../src/shared/types.ts';
import { openStore, type Store } from '../../src/store/index.ts';

export const SEC = 1_000;
export const MIN = 60_000;

let seq = 0;

/** A healthy result at `t`; override any field. */
export function result(t: number, over: Partial<ProbeResult> = {}): ProbeResult {
  seq++;
  return {
    run_id: `run-${t}-${seq}`,
    probe_id: 'smoke',
    model: 'claude-haiku-4-5',
    target: 'sim',
    runner_id: 'test',
    region: 'local',
    started_at: t,
    finished_at: t + 1000,
    outcome: 'pass',
    error_kind: null,
    error_message: null,
    attempts: 1,
    latency_ms: 1000,
    ttft_ms: 300,
    usage: { input_tokens: 100, output_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0 },
    cost_usd: 0.001,
    unpriced: false,
    stop_reason: 'end_turn',
    request_id: null,
    context_utilisation: 0.1,
    flags: [],
    assertions: [],
    output_sha256: null,
    output_preview: null,
    ...over,
  };
}

export const error = (kind: ProbeResult['error_kind'] & string): Partial<ProbeResult> => ({
  outcome: 'error',
  error_kind: kind,
  error_message: kind,
  latency_ms: null,
  usage: null,
  cost_usd: null,
  context_utilisation: null,
});

/**
 * A store in a fresh temp directory, or on `location` (a fresh PostgreSQL database's URL, see
 * test/store/backends.ts); `reopen()` closes and opens the same database (a restart).
 */
export function tempStore(location?: string): { store: Store; path: string; reopen(): Store; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'canary-alerts-'));
  const path = location ?? join(dir, 'canary.db');
  const h = {
    store: openStore(path),
    path,
    reopen() {
      h.store.close();
      h.store = openStore(path);
      return h.store;
    },
    cleanup() {
      try {
        h.store.close();
      } catch {
        /* already closed */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}
