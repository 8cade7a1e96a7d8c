import { defineScenario } from 'claude-canary';

/** A 200 with a cut-off JSON body is a malformed response, retried once. */
export default defineScenario({
  id: 'malformed-json',
  description: 'A garbage 200 body is classified malformed_response and retried',
  plan: { faults: [{ kind: 'malformed_json', match: { first: 1 } }] },
  workload: { calls: 2 },
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 2 }, { index: 1, outcome: 'pass', attempts: 1 }],
  },
});
