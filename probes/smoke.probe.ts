import { defineProbe } from 'claude-canary';

/** The cheapest possible signal that the API, the key and the network path all work. */
export default defineProbe({
  id: 'smoke',
  description: 'The API answers a trivial prompt quickly',
  schedule: '* * * * *',
  model: 'claude-haiku-4-5',
  prompt: 'Reply with the single word OK and nothing else.',
  max_tokens: 16,
  timeout_ms: 15_000,
  tags: ['smoke'],
  expectations: {
    // A one-word answer is the point here.
    checks: { too_short: false },
    assertions: [
      { kind: 'contains', value: 'OK' },
      { kind: 'max_latency_ms', value: 5_000 },
    ],
  },
});
