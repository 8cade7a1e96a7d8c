import { afterEach, beforeEach, expect, test } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import type { SpendReservationRequest } from '../../src/store/spend.ts';
import { forEachBackend } from './backends.ts';
import { result } from './fixtures/results.ts';

let store: Store;
forEachBackend((backend) => {
  beforeEach(async () => {
    store = openStore(await backend.fresh());
  });
  afterEach(() => store.close());

  const ask = (id: string, amountUsd: number, capUsd: number, over: Partial<SpendReservationRequest> = {}) =>
    store.reserveSpend({ id, holder: 'test:1', probe_id: 'p', model: 'm', amountUsd, nowMs: 2_000_000, expiresAt: 3_000_000, limits: [{ label: 'daily', sinceMs: 0, capUsd }], ...over });
  const held = () => store.db.prepare('SELECT id, amount_nusd, attempts FROM spend_reservations ORDER BY id').all();

  test('spend plus reservations may reach the cap exactly but not pass it, compared in whole nano-dollars (no float noise at the cap)', () => {
    store.insertResults([result({ run_id: 'a', cost_usd: 0.1 }), result({ run_id: 'b', cost_usd: 0.2 })]);
    // In floats 0.1 + 0.2 + 0.3 is 0.6000000000000001, which would refuse an exact fit.
    expect(ask('r1', 0.3, 0.6)).toEqual({ ok: true });
    const refused = ask('r2', 1e-9, 0.6);
    expect(refused).toMatchObject({ ok: false, limit: { label: 'daily', capUsd: 0.6 } });
    expect(!refused.ok && [refused.spentUsd, refused.reservedUsd]).toEqual([0.3, 0.3]);
    // At the cap, a run with no known price (worst case 0) is still allowed: its spend cannot be known.
    expect(ask('r3', 0, 0.6)).toEqual({ ok: true });
  });

  test('the same id adds the next attempt to its reservation, checked together with it', () => {
    expect(ask('run', 0.4, 1)).toEqual({ ok: true });
    expect(ask('run', 0.4, 1)).toEqual({ ok: true });
    expect(held()).toEqual([{ id: 'run', amount_nusd: 800_000_000, attempts: 2 }]);
    expect(ask('run', 0.4, 1)).toMatchObject({ ok: false, reservedUsd: 0.8 });
    expect(held()).toEqual([{ id: 'run', amount_nusd: 800_000_000, attempts: 2 }]);
  });

  test('every limit is checked: a reservation that fits the day but not the month is refused by the month', () => {
    store.insertResult(result({ run_id: 'old', started_at: 10, cost_usd: 0.9 }));
    const r = ask('run', 0.2, 1, { limits: [{ label: 'daily', sinceMs: 1_000, capUsd: 1 }, { label: 'monthly', sinceMs: 0, capUsd: 1 }] });
    expect(r).toMatchObject({ ok: false, limit: { label: 'monthly' }, spentUsd: 0.9 });
  });

  test('settling stores the result and drops the reservation in one transaction', () => {
    ask('run-9', 0.5, 1);
    expect(store.settleSpend('run-9', result({ run_id: 'run-9', cost_usd: 0.25 }))).toBe(true);
    expect(held()).toEqual([]);
    expect(store.spendSince(0)).toBe(0.25);
    // Settling with no result (a run that threw) only frees the budget.
    ask('run-10', 0.5, 1);
    expect(store.settleSpend('run-10', null)).toBe(false);
    expect(held()).toEqual([]);
  });

  test('a reservation stops counting at its expiry (its process died) and is dropped by the next reservation', () => {
    ask('dead', 0.8, 1, { expiresAt: 2_500_000 });
    expect(ask('live', 0.5, 1, { nowMs: 2_499_999 })).toMatchObject({ ok: false, reservedUsd: 0.8 });
    expect(ask('live', 0.5, 1, { nowMs: 2_500_000 })).toEqual({ ok: true });
    expect(held()).toEqual([{ id: 'live', amount_nusd: 500_000_000, attempts: 1 }]);
  });
});
