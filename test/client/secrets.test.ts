/**
 * With content capture off, a sentinel API key and a sentinel prompt never appear in any log
 * line, span (name, attribute, event, status) or metric label, whatever happens to the call.
 */
import { afterEach, expect, test } from 'vitest';
import { harness, params, type Harness } from './helpers.ts';

const KEY = 'sk-ant-api03-KEYSENTINEL-9f8e7d6c5b4a';
const PROMPT = 'PROMPTSENTINEL: the quick brown fox jumps over the lazy dog';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function everything(hh: Harness): Promise<string> {
  await hh.tel.flush();
  const spans = hh.tel.spans().map((s) => JSON.stringify({ name: s.name, attributes: s.attributes, events: s.events, status: s.status, resource: s.resource.attributes }));
  const points = hh.tel.points().map((p) => JSON.stringify({ name: p.name, attributes: p.attributes }));
  return [...hh.lines, ...spans, ...points].join('\n');
}

async function exercise(hh: Harness): Promise<void> {
  const p = params({ messages: [{ role: 'user', content: PROMPT }], system: `System also says ${PROMPT}` });
  await hh.client.tryCall(p);
  await hh.client.tryCall({ ...p, stream: true }, { onText: () => {} });
}

test('sentinel key and prompt never leak through logs, spans or metrics (content capture off)', async () => {
  h = await harness(
    {
      faults: [
        { kind: 'rate_limit', retry_after: 1, match: { first: 1 } },
        { kind: 'stream_error', after_deltas: 1, match: { first: 1, stream: true } },
      ],
    },
    { apiKey: KEY },
  );
  await exercise(h);
  h.sim.sim.setPlan({ faults: [{ kind: 'auth' }] });
  await exercise(h);
  h.sim.sim.setPlan({ faults: [{ kind: 'context_overflow' }] });
  await exercise(h);
  const all = await everything(h);
  expect(h.lines.length).toBeGreaterThan(6);
  expect(all).not.toContain('KEYSENTINEL');
  expect(all).not.toContain('PROMPTSENTINEL');
  expect(all).toContain('claude_canary.prompt.sha256');
});

test('a key that slips into a logged value is scrubbed too', async () => {
  h = await harness(undefined, { apiKey: KEY });
  const { createLogger } = await import('../../src/log/index.ts');
  const lines: string[] = [];
  const log = createLogger({ destination: { write: (l: string) => void lines.push(l) } });
  log.info({ config: { anthropic: { apiKey: KEY } }, url: `https://x/?key=${KEY}` }, `using ${KEY}`);
  expect(lines.join('')).not.toContain('KEYSENTINEL');
});

test('positive control: with captureContent on, the prompt and output are logged and on the span, the key still is not', async () => {
  h = await harness(undefined, { apiKey: KEY, captureContent: true });
  await h.client.call(params({ messages: [{ role: 'user', content: PROMPT }] }));
  const all = await everything(h);
  expect(all).toContain('PROMPTSENTINEL');
  expect(all).toContain('gen_ai.input.messages');
  expect(all).toContain('gen_ai.output.messages');
  expect(all).not.toContain('KEYSENTINEL');
});
