import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateCost, parseCatalogue, priceFor } from '../../scenarios/load/lib/cost.ts';

// The same file the k6 scripts open(): one catalogue for the simulator, the client and load tests.
const catalogue = parseCatalogue(readFileSync(new URL('../../src/shared/models.json', import.meta.url), 'utf8'));
const DAY = Date.parse('2026-11-29T12:00:00Z');

describe('cost estimate', () => {
  it('prices input and output per million tokens, looking the model up by alias', () => {
    // Haiku 4.5: $1 in, $5 out per MTok.
    const c = estimateCost(catalogue, 'claude-haiku-4-5', { input: 1000, output: 2000, cacheCreation: 0, cacheRead: 0 }, DAY);
    expect(c).toEqual({ unpriced: false, usd: (1000 * 1 + 2000 * 5) / 1e6, model: 'claude-haiku-4-5' });
  });

  it('prices cache writes at 1.25x and cache reads at 0.1x of the input rate', () => {
    // Sonnet 4.6: $3 in, $15 out.
    const c = estimateCost(catalogue, 'claude-sonnet-4-6', { input: 100, output: 0, cacheCreation: 1000, cacheRead: 10_000 }, DAY);
    expect(c.usd).toBeCloseTo((100 * 3 + 1000 * 3 * 1.25 + 10_000 * 3 * 0.1) / 1e6, 12);
  });

  it('switches every token to long-context rates above the threshold', () => {
    // Sonnet 4.5 above 200k input: $6 in, $22.5 out.
    const c = estimateCost(catalogue, 'claude-sonnet-4-5', { input: 150_000, output: 1000, cacheCreation: 0, cacheRead: 60_000 }, DAY);
    expect(c.usd).toBeCloseTo((150_000 * 6 + 60_000 * 6 * 0.1 + 1000 * 22.5) / 1e6, 12);
  });

  it('marks an unknown model or a date before its first price as unpriced, never $0', () => {
    expect(estimateCost(catalogue, 'gpt-nothing', { input: 1, output: 1, cacheCreation: 0, cacheRead: 0 }, DAY)).toEqual({ unpriced: true, usd: null, model: 'gpt-nothing' });
    expect(priceFor(catalogue, 'claude-sonnet-4-6', '2020-01-01')).toBeUndefined();
  });

  it('rejects a catalogue without the fields the estimate needs', () => {
    expect(() => parseCatalogue('{"models":[]}')).toThrow(/multipliers/);
    expect(() => parseCatalogue('{"models":[{"id":1}],"multipliers":{"cache_read":0.1,"cache_write_5m":1.25}}')).toThrow(/without id or prices/);
  });
});
