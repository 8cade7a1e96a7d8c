import { describe, expect, test } from 'vitest';
import { computeCost } from '../../src/client/cost.ts';
import { normaliseUsage } from '../../src/client/usage.ts';
import { createCatalog, defaultCatalog } from '../../src/shared/catalog.ts';
import type { Usage } from '../../src/shared/types.ts';

const AT = Date.UTC(2026, 10, 1);
const usage = (u: Partial<Usage>): Usage => ({
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: (u.cache_write_5m_tokens ?? 0) + (u.cache_write_1h_tokens ?? 0),
  cache_read_input_tokens: 0,
  cache_write_5m_tokens: 0,
  cache_write_1h_tokens: 0,
  ...u,
});

describe('computeCost against hand-computed figures', () => {
  // Each figure below is worked out by hand from the pricing table (USD per MTok).
  test.each([
    // Haiku 4.5 $1/$5: 1000×1 + 500×5 + (2000×1.25 + 1000×2)×1 + 10000×0.1×1 = 1000+2500+4500+1000 = 9000 µ$
    ['claude-haiku-4-5', usage({ input_tokens: 1000, output_tokens: 500, cache_write_5m_tokens: 2000, cache_write_1h_tokens: 1000, cache_read_input_tokens: 10_000 }), { input: 0.001, output: 0.0025, cache_write: 0.0045, cache_read: 0.001, total: 0.009 }],
    // Sonnet 4.6 $3/$15: 10000×3 + 2000×15 = 60000 µ$
    ['claude-sonnet-4-6', usage({ input_tokens: 10_000, output_tokens: 2_000 }), { input: 0.03, output: 0.03, cache_write: 0, cache_read: 0, total: 0.06 }],
    // Opus 4.1 $15/$75: 1000×15 + 1000×75 + 4000×15×1.25 = 15000+75000+75000 µ$
    ['claude-opus-4-1', usage({ input_tokens: 1000, output_tokens: 1000, cache_write_5m_tokens: 4000 }), { input: 0.015, output: 0.075, cache_write: 0.075, cache_read: 0, total: 0.165 }],
    // Opus 4.8 $5/$25: 2000×5 + 400×25 + 1000×5×2 + 50000×5×0.1 = 10000+10000+10000+25000 µ$
    ['claude-opus-4-8', usage({ input_tokens: 2000, output_tokens: 400, cache_write_1h_tokens: 1000, cache_read_input_tokens: 50_000 }), { input: 0.01, output: 0.01, cache_write: 0.01, cache_read: 0.025, total: 0.055 }],
    // Sonnet 4.5 under 200K total input (150K + 40K read): standard $3/$15 → 450000 + 12000 + 15000 µ$
    ['claude-sonnet-4-5', usage({ input_tokens: 150_000, cache_read_input_tokens: 40_000, output_tokens: 1000 }), { input: 0.45, output: 0.015, cache_write: 0, cache_read: 0.012, total: 0.477 }],
    // Sonnet 4.5 over 200K total input (150K + 60K read = 210K): EVERY token at $6/$22.50 → 900000 + 36000 + 22500 µ$
    ['claude-sonnet-4-5-20250929', usage({ input_tokens: 150_000, cache_read_input_tokens: 60_000, output_tokens: 1000 }), { input: 0.9, output: 0.0225, cache_write: 0, cache_read: 0.036, total: 0.9585 }],
  ])('%s', (model, u, expected) => {
    const r = computeCost(model, u, { atMs: AT });
    expect(r.unpriced).toBe(false);
    for (const [k, v] of Object.entries(expected)) expect(r.cost![k as keyof typeof expected]).toBeCloseTo(v, 10);
  });

  test('long-context premium is flagged only above the threshold', () => {
    expect(computeCost('claude-sonnet-4-5', usage({ input_tokens: 200_000 }), { atMs: AT }).long_context).toBe(false);
    expect(computeCost('claude-sonnet-4-5', usage({ input_tokens: 200_001 }), { atMs: AT }).long_context).toBe(true);
    // Sonnet 4.6 has the 1M window at standard prices: no premium.
    expect(computeCost('claude-sonnet-4-6', usage({ input_tokens: 500_000 }), { atMs: AT }).long_context).toBe(false);
  });

  test('does not double-count cache tokens: input_tokens excludes cache reads and writes', () => {
    // 100 uncached + 10,000 cache reads on Haiku: 100×$1 + 10,000×$0.10 = $0.0011.
    // The trap (treating 10,100 as uncached input) would give $0.0101 + $0.001.
    const r = computeCost('claude-haiku-4-5', usage({ input_tokens: 100, cache_read_input_tokens: 10_000 }), { atMs: AT });
    expect(r.cost!.input).toBeCloseTo(0.0001, 12);
    expect(r.cost!.total).toBeCloseTo(0.0011, 12);
  });

  test('batch halves every category', () => {
    const u = usage({ input_tokens: 1000, output_tokens: 1000, cache_read_input_tokens: 1000, cache_write_5m_tokens: 1000 });
    const full = computeCost('claude-haiku-4-5', u, { atMs: AT }).cost!;
    const batch = computeCost('claude-haiku-4-5', u, { atMs: AT, batch: true }).cost!;
    expect(batch.total).toBeCloseTo(full.total / 2, 12);
    expect(batch.cache_write).toBeCloseTo(full.cache_write / 2, 12);
  });

  test('an unknown model is unpriced with cost null, never $0', () => {
    const r = computeCost('claude-imaginary-9', usage({ input_tokens: 1000, output_tokens: 10 }), { atMs: AT });
    expect(r).toEqual({ cost: null, unpriced: true, long_context: false });
  });

  test('user overrides win over the catalogue, by id or alias, and may price unknown models', () => {
    const u = usage({ input_tokens: 1_000_000, output_tokens: 1_000_000, cache_read_input_tokens: 1_000_000 });
    const byAlias = computeCost('claude-haiku-4-5', u, { atMs: AT, overrides: { 'claude-haiku-4-5': { input: 2, output: 10 } } });
    expect(byAlias.cost!.total).toBeCloseTo(2 + 10 + 0.2, 10);
    const byId = computeCost('claude-haiku-4-5', u, { atMs: AT, overrides: { 'claude-haiku-4-5-20251001': { input: 2, output: 10, cache_read: 0.025 } } });
    expect(byId.cost!.cache_read).toBeCloseTo(0.05, 10);
    const custom = computeCost('my-finetune', u, { atMs: AT, overrides: { 'my-finetune': { input: 1, output: 1 } } });
    expect(custom.unpriced).toBe(false);
  });

  test('effective-dated prices: the entry in force on the call date applies', () => {
    const base = defaultCatalog.models.find((m) => m.id === 'claude-sonnet-4-6')!;
    const catalog = createCatalog({
      multipliers: { cache_write_5m: 1.25, cache_write_1h: 2, cache_read: 0.05, batch: 0.5 },
      models: [{ ...base, prices: [{ effective_from: '2026-02-17', input: 3, output: 15 }, { effective_from: '2026-09-01', input: 2, output: 10 }] }],
    });
    const u = usage({ input_tokens: 1_000_000, cache_read_input_tokens: 1_000_000 });
    expect(computeCost('claude-sonnet-4-6', u, { atMs: Date.UTC(2026, 7, 31, 23), catalog }).cost!.total).toBeCloseTo(3 + 0.15, 10);
    expect(computeCost('claude-sonnet-4-6', u, { atMs: Date.UTC(2026, 8, 1), catalog }).cost!.total).toBeCloseTo(2 + 0.1, 10);
    // Before the first price there is no price: unpriced, not $0.
    expect(computeCost('claude-sonnet-4-6', u, { atMs: Date.UTC(2025, 0, 1), catalog }).unpriced).toBe(true);
  });
});

describe('normaliseUsage', () => {
  test('without a TTL split, every cache write counts as 5-minute', () => {
    expect(normaliseUsage({ input_tokens: 5, output_tokens: 7, cache_creation_input_tokens: 300, cache_read_input_tokens: 40, cache_creation: null })).toEqual({
      input_tokens: 5,
      output_tokens: 7,
      cache_creation_input_tokens: 300,
      cache_read_input_tokens: 40,
      cache_write_5m_tokens: 300,
      cache_write_1h_tokens: 0,
    });
  });

  test('uses the TTL split when present', () => {
    const u = normaliseUsage({ input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 300, cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 } });
    expect([u.cache_write_5m_tokens, u.cache_write_1h_tokens]).toEqual([100, 200]);
  });

  test('null fields become zero', () => {
    expect(normaliseUsage({ input_tokens: 3, output_tokens: 4, cache_creation_input_tokens: null, cache_read_input_tokens: null }).cache_read_input_tokens).toBe(0);
  });
});

describe('computeCost: multipliers, rates and categories at their edges', () => {
  test('a price override sets its own cache-write multipliers for both TTLs; what it leaves out comes from the catalogue', () => {
    const u = usage({ cache_write_5m_tokens: 1_000_000, cache_write_1h_tokens: 1_000_000, cache_read_input_tokens: 1_000_000 });
    const own = computeCost('my-model', u, { atMs: AT, overrides: { 'my-model': { input: 2, output: 10, cache_write_5m: 1.5, cache_write_1h: 3 } } }).cost!;
    // 1M × $2 × 1.5 + 1M × $2 × 3 = $9; reads at the catalogue's 0.1 × $2.
    expect(own.cache_write).toBeCloseTo(9, 10);
    expect(own.cache_read).toBeCloseTo(0.2, 10);
    const catalogue = computeCost('my-model', u, { atMs: AT, overrides: { 'my-model': { input: 2, output: 10 } } }).cost!;
    expect(catalogue.cache_write).toBeCloseTo(2 * 1.25 + 2 * 2, 10);
  });

  test('over the long-context threshold every category uses the premium input rate, batched too', () => {
    // Sonnet 4.5 long context: $6 in / $22.50 out. 100K in + 60K 5m writes + 40,001 1h writes + 1K read = 201,001 > 200K.
    const u = usage({ input_tokens: 100_000, cache_write_5m_tokens: 60_000, cache_write_1h_tokens: 40_001, cache_read_input_tokens: 1_000, output_tokens: 2_000 });
    const r = computeCost('claude-sonnet-4-5', u, { atMs: AT, batch: true });
    expect(r.long_context).toBe(true);
    const c = r.cost!;
    expect(c.input).toBeCloseTo((100_000 * 6 * 0.5) / 1e6, 12);
    expect(c.output).toBeCloseTo((2_000 * 22.5 * 0.5) / 1e6, 12);
    expect(c.cache_write).toBeCloseTo(((60_000 * 1.25 + 40_001 * 2) * 6 * 0.5) / 1e6, 12);
    expect(c.cache_read).toBeCloseTo((1_000 * 0.1 * 6 * 0.5) / 1e6, 12);
    expect(c.total).toBeCloseTo(c.input + c.output + c.cache_write + c.cache_read, 12);
  });

  test('cache writes count toward the long-context threshold: exactly at it is standard, one token more is premium', () => {
    expect(computeCost('claude-sonnet-4-5', usage({ input_tokens: 100_000, cache_write_1h_tokens: 100_000 }), { atMs: AT }).long_context).toBe(false);
    expect(computeCost('claude-sonnet-4-5', usage({ input_tokens: 100_000, cache_write_1h_tokens: 100_001 }), { atMs: AT }).long_context).toBe(true);
  });

  test('batch false is the full price; the same catalogue gives each model its own memoised price', () => {
    const u = usage({ input_tokens: 1_000_000 });
    expect(computeCost('claude-haiku-4-5', u, { atMs: AT, batch: false }).cost!.total).toBeCloseTo(1, 10);
    expect(computeCost('claude-sonnet-4-6', u, { atMs: AT }).cost!.total).toBeCloseTo(3, 10);
    expect(computeCost('claude-haiku-4-5', u, { atMs: AT }).cost!.total).toBeCloseTo(1, 10);
  });
});

describe('price lookups', () => {
  /** The real catalogue, counting how often it is asked to find a model. */
  const counting = () => {
    const c = { ...defaultCatalog, finds: 0 };
    c.find = (id: string) => (c.finds++, defaultCatalog.find(id));
    return c;
  };
  const u = usage({ input_tokens: 1_000_000 });

  test('the catalogue is asked once per model and UTC day, whatever the time of day', () => {
    const catalog = counting();
    const day = Date.UTC(2026, 10, 1);
    for (const atMs of [day, day + 1, day + 86_399_999]) expect(computeCost('claude-haiku-4-5', u, { atMs, catalog }).cost!.total).toBeCloseTo(1, 10);
    expect(catalog.finds).toBe(1);
    computeCost('claude-sonnet-4-6', u, { atMs: day, catalog });
    computeCost('claude-haiku-4-5', u, { atMs: day, catalog });
    expect(catalog.finds).toBe(2);
    computeCost('claude-haiku-4-5', u, { atMs: day + 86_400_000, catalog });
    expect(catalog.finds).toBe(3);
    // Another catalogue has its own memo.
    const other = counting();
    computeCost('claude-haiku-4-5', u, { atMs: day, catalog: other });
    expect(other.finds).toBe(1);
  });

  test('the memo holds at most 10,000 models per catalogue, then starts over', () => {
    const catalog = counting();
    for (let i = 0; i < 10_000; i++) computeCost(`m-${i}`, u, { atMs: AT, catalog });
    expect(catalog.finds).toBe(10_000);
    computeCost('m-0', u, { atMs: AT, catalog });
    expect(catalog.finds).toBe(10_000);
    computeCost('m-10000', u, { atMs: AT, catalog });
    computeCost('m-0', u, { atMs: AT, catalog });
    expect(catalog.finds).toBe(10_002);
  });

  test('overrides for other models leave the catalogue price, and an unknown model unpriced', () => {
    const overrides = { 'my-finetune': { input: 1, output: 1 } };
    expect(computeCost('claude-haiku-4-5', u, { atMs: AT, overrides }).cost!.total).toBeCloseTo(1, 10);
    expect(computeCost('claude-imaginary-9', u, { atMs: AT, overrides })).toEqual({ cost: null, unpriced: true, long_context: false });
  });
});
