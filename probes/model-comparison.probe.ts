import { defineProbe } from 'claude-canary';

/** One canary, two models: each runs as its own series, so latency, cost and quality compare side by side. */
export default defineProbe({
  id: 'model-comparison',
  description: 'The same summarisation task on Haiku 4.5 and Sonnet 4.6',
  schedule: '*/15 * * * *',
  model: ['claude-haiku-4-5', 'claude-sonnet-4-6'],
  prompt:
    'Summarise in three bullet points: a canary probe is a small, scheduled request sent to a production ' +
    'dependency to detect outages, latency regressions and behaviour changes before users do. It records ' +
    'latency, cost and quality flags, and alerts when a window of results crosses a threshold.',
  max_tokens: 300,
  tags: ['comparison'],
  expectations: {
    assertions: [
      { kind: 'regex', pattern: '^\\s*[-*\\u2022]', flags: 'm', name: 'bullet points' },
      { kind: 'max_cost_usd', value: 0.01 },
    ],
  },
});
