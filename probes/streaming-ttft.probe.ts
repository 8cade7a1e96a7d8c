import { defineProbe } from 'claude-canary';

/** Time to first token is what users feel in a chat UI; it degrades before total latency does. */
export default defineProbe({
  id: 'streaming-ttft',
  description: 'A streamed answer starts within 2 s and completes within 20 s',
  schedule: '*/2 * * * *',
  model: 'claude-sonnet-4-6',
  prompt: 'In about 150 words, explain why exponential backoff with jitter avoids a thundering herd.',
  max_tokens: 400,
  stream: true,
  timeout_ms: 30_000,
  tags: ['latency', 'streaming'],
  expectations: {
    assertions: [
      { kind: 'max_ttft_ms', value: 2_000 },
      { kind: 'max_latency_ms', value: 20_000 },
      { kind: 'contains', value: 'jitter', ignore_case: true },
    ],
  },
});
