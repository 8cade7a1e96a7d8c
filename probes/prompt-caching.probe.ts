import { defineProbe } from 'claude-canary';

/**
 * Prompt caching: a long system block marked `cache_control`, run every 2 minutes so each run
 * falls inside the previous run's 5-minute cache lifetime. Run 1 writes the cache
 * (cache_creation_input_tokens > 0); later runs read it (cache_read_input_tokens > 0). A series of
 * writes with no reads means caching broke, and with it the cost model of every cached product.
 * The block is well over the 1,024-token minimum Sonnet needs for a cache breakpoint.
 */
const sections = [
  'Retries', 'Timeouts', 'Rate limits', 'Overload', 'Streaming', 'Prompt caching', 'Token counting', 'Cost',
  'Context windows', 'Refusals', 'Stop reasons', 'Observability', 'Alerting', 'Budgets', 'Regions', 'Rollouts',
];
const handbook = sections
  .map(
    (topic, i) =>
      `Section ${i + 1}: ${topic}. Rule ${i + 1}.1: every change to ${topic.toLowerCase()} behaviour ships behind a flag ` +
      `and is watched by at least one canary for a full day. Rule ${i + 1}.2: the owner of ${topic.toLowerCase()} ` +
      `writes down the expected steady state (median latency, error share, cost per call) before the change, so a ` +
      `regression is a comparison, not an opinion. Rule ${i + 1}.3: an alert about ${topic.toLowerCase()} names the ` +
      `probe, the model, the window and the threshold, and links to the dashboard panel that shows it. Rule ${i + 1}.4: ` +
      `incidents involving ${topic.toLowerCase()} get a written review within five working days, with the canary ` +
      `that caught it (or should have) named, and a new probe added when none did. Rule ${i + 1}.5: the ` +
      `${topic.toLowerCase()} runbook lists the three commands an on-call engineer runs first, in order.`,
  )
  .join('\n\n');

export default defineProbe({
  id: 'prompt-caching',
  description: 'A cached system prompt is written on the first run and read on the next',
  schedule: '*/2 * * * *',
  model: 'claude-sonnet-4-6',
  system: [
    { type: 'text', text: `You answer questions about this operations handbook.\n\n${handbook}`, cache_control: { type: 'ephemeral' } },
  ],
  prompt: 'Which rule number says alerts must link to a dashboard panel, for the section on Budgets? Answer in one sentence.',
  max_tokens: 100,
  tags: ['caching', 'cost'],
  expectations: {
    checks: { too_short: false },
    // cache_read: this run reads the cache, or warms it when no run in the last 5 minutes did.
    assertions: [{ kind: 'contains', value: '14.3' }, { kind: 'cache_read' }],
  },
});
