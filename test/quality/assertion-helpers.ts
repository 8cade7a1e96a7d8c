/** One assertion, parsed as a probe file's would be, judged on a short healthy answer. (Test helper.) */
import { AssertionSchema, evaluateAssertions, type QualityInput } from '../../src/quality/index.ts';

export const base: QualityInput = {
  text: 'The capital of France is Paris.',
  stop_reason: 'end_turn',
  output_tokens: 8,
  latency_ms: 900,
  ttft_ms: 300,
  cost_usd: 0.0004,
  context_utilisation: 0.01,
};

export function one(assertion: unknown, input: Partial<QualityInput> = {}) {
  const [r] = evaluateAssertions([AssertionSchema.parse(assertion)], { ...base, ...input });
  return r!;
}
