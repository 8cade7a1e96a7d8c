import { defineScenario } from '../src/chaos/index.ts';

/**
 * An endless stream that ignores max_tokens (a server bug): the client cuts every attempt once it
 * is past max_tokens, classifies it malformed_response and accounts at most max_tokens of output
 * for it, so the budget is not spent on paper and the next runs go ahead.
 */
export default defineScenario({
  id: 'stream-runaway',
  description: 'Endless stream on a max_tokens 64 probe: cut, malformed_response, at most 64 output tokens per attempt billed',
  plan: { faults: [{ kind: 'stream_runaway', match: { first: 3 } }] },
  budgets: { daily_usd: 0.01, monthly_usd: 0.01 },
  workload: { calls: 3, probe: { stream: true, max_tokens: 64, prompt: 'Reply with exactly: ok', expectations: { checks: { too_short: false } } } },
  expect: {
    calls: [
      { index: 0, outcome: 'error', error_kind: 'malformed_response', attempts: 3 },
      { index: 1, outcome: 'pass', attempts: 1 },
      { index: 2, outcome: 'pass', attempts: 1 },
    ],
    // 3 attempts x (about 25 input + 64 output tokens) of claude-haiku-4-5, then two tiny answers.
    cost_usd: { max: 0.002 },
  },
});
