/**
 * The record's derived fields (prompt hash, cost) are computed on first read when nothing logs,
 * traces or measures the call. Read late, they must still describe the call as it was sent: the
 * prompt at call time, priced at the call's start.
 */
import { createHash } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { startInProcessSimulator, type FaultPlan } from '../../mocks/index.ts';
import { ClaudeCallError, createClient } from '../../src/client/index.ts';
import { createCatalog, defaultCatalog } from '../../src/shared/catalog.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { MODEL, params } from './helpers.ts';

let close: (() => void) | undefined;
afterEach(() => {
  close?.();
  close = undefined;
});

const DAY = 86_400_000;
/** Haiku at $1/$5 until the change date, then $10/$50. */
function twoPriceCatalog(changeAt: number) {
  const base = defaultCatalog.find(MODEL)!;
  const from = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return createCatalog({
    multipliers: defaultCatalog.multipliers,
    models: [{ ...base, prices: [{ effective_from: '2025-01-01', input: 1, output: 5 }, { effective_from: from(changeAt), input: 10, output: 50 }] }],
  });
}

async function quietClient(startMs: number, options: Parameters<typeof createClient>[0] = {}, plan: FaultPlan = { faults: [] }) {
  const clock = new VirtualClock(startMs);
  const sim = await startInProcessSimulator({ clock, seed: 3, plan });
  close = () => sim.close();
  // No logger, tracer or meter: the shared quiet scope, where nothing reads the record early.
  return { clock, client: createClient({ apiKey: 'sk-ant-test', fetch: sim.fetch, clock, random: () => 0.5, ...options }) };
}

test('prompt hash is of the prompt as sent, even when the caller reuses the messages array', async () => {
  const { client } = await quietClient(Date.UTC(2026, 5, 1));
  const p = params({ system: 'Be brief.' });
  const sent = JSON.stringify({ system: 'Be brief.', messages: p.messages });
  const { record, message } = await client.call(p);
  // A chat loop appends the reply to the same array before anyone looks at the record.
  (p.messages as unknown[]).push({ role: 'assistant', content: message.content }, { role: 'user', content: 'And again?' });
  expect(record.prompt_sha256).toBe(createHash('sha256').update(sent).digest('hex'));
  const json = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  expect(json['prompt_sha256']).toBe(record.prompt_sha256);
  // The id, also built on first read: stable, unique per call, serialised first.
  const second = (await client.call(params())).record;
  expect(record.call_id).toMatch(/^[0-9a-f]{16}-[0-9a-z]+$/);
  expect(record.call_id).toBe(record.call_id);
  expect(second.call_id).not.toBe(record.call_id);
  expect(Object.keys(json)[0]).toBe('call_id');
  expect(json['call_id']).toBe(record.call_id);
});

test('cost read after the price changed is still priced at the call start; overrides apply; toJSON includes it', async () => {
  const start = Date.UTC(2026, 5, 1, 12);
  const catalog = twoPriceCatalog(start + DAY);
  const { clock, client } = await quietClient(start, { catalog });
  const { record } = await client.call(params());
  clock.advance(2 * DAY); // the price in the catalogue is now ten times higher
  const u = record.usage!;
  const expected = (u.input_tokens * 1 + u.output_tokens * 5) / 1e6;
  expect(record.cost_usd).toBeCloseTo(expected, 12);
  expect(record.cost!.input).toBeCloseTo((u.input_tokens * 1) / 1e6, 12);
  expect(record.unpriced).toBe(false);
  expect(record.long_context_pricing).toBe(false);
  const json = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  expect(json['cost_usd']).toBe(record.cost_usd);
  expect(json['cost']).toEqual(record.cost);

  close?.(); // one in-process simulator at a time: MSW intercepts globally
  const priced = await quietClient(start, { catalog, priceOverrides: { [MODEL]: { input: 2, output: 20 } } });
  const r2 = (await priced.client.call(params())).record;
  expect(r2.cost_usd).toBeCloseTo((r2.usage!.input_tokens * 2 + r2.usage!.output_tokens * 20) / 1e6, 12);
});

test('a model missing from the catalogue is unpriced (cost null, never $0), and a call with no usage has no cost', async () => {
  const others = createCatalog({ multipliers: defaultCatalog.multipliers, models: defaultCatalog.models.filter((m) => m !== defaultCatalog.find(MODEL)) });
  const { client } = await quietClient(Date.UTC(2026, 5, 1), { catalog: others });
  const { record } = await client.call(params());
  expect(record.usage!.output_tokens).toBeGreaterThan(0);
  expect(record.cost).toBeNull();
  expect(record.cost_usd).toBeNull();
  expect(record.unpriced).toBe(true);

  close?.(); // one in-process simulator at a time: MSW intercepts globally
  // Rate limited for an hour: fails fast, nothing was generated or billed.
  const limited = await quietClient(Date.UTC(2026, 5, 1), {}, { faults: [{ kind: 'rate_limit', retry_after: 3600 }] });
  const err = (await limited.client.call(params()).catch((e: unknown) => e)) as ClaudeCallError;
  expect(err.kind).toBe('rate_limited');
  expect(err.record.usage).toBeNull();
  expect(err.record.cost_usd).toBeNull();
  expect(err.record.unpriced).toBe(false);
});

test('assigned cost fields stick (a caller may correct a record)', async () => {
  const { client } = await quietClient(Date.UTC(2026, 5, 1));
  const { record } = await client.call(params());
  record.cost_usd = 1.5;
  record.unpriced = true;
  expect(record.cost_usd).toBe(1.5);
  expect(record.unpriced).toBe(true);
  expect(record.cost).not.toBeNull(); // the breakdown is untouched
});
