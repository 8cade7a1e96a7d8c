/** A DoctorContext for one check: defaults and the in-process simulator, overridden per test. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { DOCTOR_DEFAULTS } from '../../src/doctor/index.ts';
import { makeProbeCall, type ProbeCallOutcome } from '../../src/doctor/probe-call.ts';
import type { DoctorContext } from '../../src/doctor/types.ts';
import { defaultCatalog } from '../../src/shared/catalog.ts';

export async function doctorContext(overrides: Partial<DoctorContext> = {}): Promise<DoctorContext> {
  const cwd = mkdtempSync(join(tmpdir(), 'doctor-'));
  const config = await loadConfig({ cwd, env: {} });
  let call: Promise<ProbeCallOutcome> | null = null;
  return {
    config,
    configProblems: [],
    configFile: null,
    env: {},
    target: { kind: 'sim', label: 'sim' },
    probes: [],
    sendTest: false,
    now: Date.parse('2026-12-07T00:00:00Z'),
    catalog: defaultCatalog,
    maxCatalogueAgeDays: DOCTOR_DEFAULTS.maxCatalogueAgeDays,
    maxReconcileAgeDays: DOCTOR_DEFAULTS.maxReconcileAgeDays,
    client: { maxRetries: 2, maxRetryAfterMs: 60_000, attemptTimeoutMs: 120_000, deadlineMs: 300_000, streamIdleTimeoutMs: 30_000 },
    networkTimeoutMs: 5_000,
    probeCall: () => (call ??= makeProbeCall({ target: { kind: 'sim', label: 'sim' }, model: 'claude-haiku-4-5', env: {}, deadlineMs: 10_000 })),
    lastReconciliationAt: () => null,
    ...overrides,
  };
}
