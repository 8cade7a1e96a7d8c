import { describe, expect, it } from 'vitest';
import { FAULT_KINDS as SIM_FAULT_KINDS } from '../../mocks/index.ts';
import {
  DEFAULT_FAULT_MIX, FAULT_KINDS, expectedKindShares, faultHeader, faultShareThresholds, pickFault, shareBounds, validateMix, type FaultMixEntry,
} from '../../scenarios/load/lib/faults.ts';

describe('fault mix', () => {
  it('knows exactly the fault kinds the simulator implements', () => {
    expect([...FAULT_KINDS].sort()).toEqual([...SIM_FAULT_KINDS].sort());
  });

  it('picks entries in proportion to their weights', () => {
    const mix: FaultMixEntry[] = [{ fault: 'none', weight: 3 }, { fault: 'rate_limit', weight: 1 }];
    expect(pickFault(mix, 0).fault).toBe('none');
    expect(pickFault(mix, 0.749).fault).toBe('none');
    expect(pickFault(mix, 0.75).fault).toBe('rate_limit');
    expect(pickFault(mix, 0.999999).fault).toBe('rate_limit');
    expect(pickFault(mix, 1).fault).toBe('rate_limit');
  });

  it('over many draws lands within a few points of each weight, and never picks a zero weight', () => {
    const mix: FaultMixEntry[] = [...DEFAULT_FAULT_MIX, { fault: 'auth', weight: 0 }];
    const counts = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const f = pickFault(mix, (i + 0.5) / n).fault;
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    for (const e of DEFAULT_FAULT_MIX) expect(Math.abs((counts.get(e.fault) ?? 0) / n - e.weight)).toBeLessThan(0.001);
    expect(counts.get('auth')).toBeUndefined();
  });

  it('formats the x-canary-fault header the simulator parses', () => {
    expect(faultHeader({ fault: 'rate_limit', weight: 1, params: { retry_after: 1, times: 2 } })).toBe('rate_limit; retry_after=1; times=2');
    expect(faultHeader({ fault: 'overloaded', weight: 1 })).toBe('overloaded');
    expect(faultHeader({ fault: 'none', weight: 1 })).toBeUndefined();
  });

  it('reports every problem in a mix at once', () => {
    const problems = validateMix([
      { fault: 'nope' as never, weight: 1 },
      { fault: 'none', weight: -1 },
      { fault: 'none', weight: 0 },
    ]);
    expect(problems).toEqual([
      'mix[0].fault: unknown fault "nope"',
      'mix[1].weight: must be a non-negative number, got -1',
      'mix[2].fault: "none" appears twice',
    ]);
    expect(validateMix([{ fault: 'none', weight: 0 }])).toEqual(['mix: weights must add up to more than 0']);
    expect(validateMix(DEFAULT_FAULT_MIX)).toEqual([]);
  });

  it('adds up expected shares of faults that surface as the same kind, and skips success-only faults', () => {
    const shares = expectedKindShares([
      { fault: 'none', weight: 0.8 },
      { fault: 'server_error', weight: 0.1 },
      { fault: 'unavailable', weight: 0.05 },
      { fault: 'short', weight: 0.05 },
    ]);
    expect([...shares.keys()]).toEqual(['server_error']);
    expect(shares.get('server_error')).toBeCloseTo(0.15, 10);
  });

  it('widens share bounds for small runs and narrows them for large ones', () => {
    const small = shareBounds(0.05, 100);
    const large = shareBounds(0.05, 100_000);
    expect(small.lo).toBe(0);
    expect(small.hi).toBeGreaterThan(0.13);
    expect(large.lo).toBeGreaterThan(0.04);
    expect(large.hi).toBeLessThan(0.06);
  });

  it('builds share-bound, detection and bookkeeping thresholds for a soak', () => {
    const t = faultShareThresholds(DEFAULT_FAULT_MIX, 6000);
    expect(t.claude_fault_detected).toEqual(['rate>0.99']);
    expect(t['claude_fault_detected{fault:rate_limit}']).toEqual(['rate>0.99']);
    expect(t['claude_fault_detected{fault:none}']).toBeUndefined();
    expect(t['claude_faults_injected{fault:none}']).toEqual(['count>=0']);
    const [lo, hi] = t['claude_observed_share{kind:rate_limited}'] as string[];
    expect(lo).toMatch(/^rate>=0\.0[34]\d*$/);
    expect(hi).toMatch(/^rate<=0\.06\d*$/);
  });
});
