import type { ProbeInput } from './probe-schema.ts';

/**
 * Declares a probe. An identity helper for type checking and editor help: validation happens
 * when `loadProbes()` reads the folder, so every problem in every file is reported at once.
 *
 * @example
 * // probes/smoke.probe.ts
 * export default defineProbe({
 *   id: 'smoke',
 *   description: 'The API answers a trivial prompt',
 *   schedule: '* * * * *',
 *   model: 'claude-haiku-4-5',
 *   prompt: 'Reply with the single word OK.',
 *   max_tokens: 16,
 *   expectations: { checks: { too_short: false }, assertions: [{ kind: 'contains', value: 'OK' }] },
 * });
 */
export function defineProbe(probe: ProbeInput): ProbeInput {
  return probe;
}
