/** Runs the real scenario folder against a mutant and returns the ids that failed. */
import { loadScenarios, MUTANTS, runSuite } from '../../src/chaos/index.ts';

export async function failingUnder(mutantName: string): Promise<string[]> {
  const mutant = MUTANTS.find((m) => m.name === mutantName);
  if (!mutant) throw new Error(`no mutant ${mutantName}`);
  const run = await runSuite(await loadScenarios('scenarios'), { mutant });
  return run.scenarios.filter((s) => !s.pass).map((s) => s.id);
}

/** The scenario(s) that exist to catch each mutant. */
export const CAUGHT_BY: Record<string, string[]> = {
  ignores_retry_after: ['rate-limit-burst', 'retry-after-ms'],
  retries_auth_errors: ['auth-fails-fast'],
  no_backoff_cap: ['backoff-cap'],
  uncapped_retry_after: ['retry-after-over-cap'],
  retries_after_text: ['stream-error-after-text'],
  no_circuit_breaker: ['overload-circuit-breaker'],
  no_stream_idle_timeout: ['stream-stall'],
  context_guard_off: ['context-overflow'],
  alert_without_for_duration: ['error-rate-alert'],
  refusal_check_disabled: ['refusal-output', 'refusal-wording'],
  repetition_check_disabled: ['repetitive-output'],
};
