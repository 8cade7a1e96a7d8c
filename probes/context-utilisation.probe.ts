import { defineProbe } from 'claude-canary';

/**
 * A long-ish prompt (about 10k tokens of log lines) with one needle in it: watches long-input
 * latency and recall, and records context utilisation for the `context_high` check. Hourly,
 * because every run pays for the whole prompt.
 */
const services = ['auth', 'billing', 'search', 'ingest', 'export', 'notify'];
const lines: string[] = [];
for (let i = 0; i < 400; i++) {
  const minute = String(Math.floor(i / 60) % 60).padStart(2, '0');
  const second = String(i % 60).padStart(2, '0');
  const service = services[(i * 7) % services.length];
  const ms = 20 + ((i * 37) % 400);
  lines.push(
    i === 273
      ? `2026-11-01T03:${minute}:${second}Z ${service} request r-${1000 + i} failed with error code E-4471 after ${ms} ms`
      : `2026-11-01T03:${minute}:${second}Z ${service} request r-${1000 + i} completed with status 200 in ${ms} ms`,
  );
}

export default defineProbe({
  id: 'context-utilisation',
  description: 'A 10k-token log excerpt: the one failed request is found, latency stays in bounds',
  schedule: '17 * * * *',
  model: 'claude-haiku-4-5',
  messages: [
    {
      role: 'user',
      content: `Here is a service log:\n\n${lines.join('\n')}\n\nWhich request failed, and with which error code? Answer in one sentence.`,
    },
  ],
  max_tokens: 120,
  timeout_ms: 90_000,
  tags: ['context', 'latency'],
  expectations: {
    checks: { too_short: false },
    assertions: [
      { kind: 'contains', value: 'E-4471' },
      { kind: 'contains', value: 'r-1273' },
      { kind: 'max_latency_ms', value: 30_000 },
    ],
  },
});
