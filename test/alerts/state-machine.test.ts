/** The state machine on no data: nothing moves, and only a reading that sees the breach fires a pending alert. */
import { describe, expect, it } from 'vitest';
import { INACTIVE, step, type StateCore } from '../../src/alerts/state-machine.ts';

const timing = { forMs: 60_000, keepFiringForMs: 120_000 };
const firing: StateCore = { state: 'firing', pending_since: 0, firing_since: 60_000, last_breach_at: 60_000, resolved_at: null };
const pending: StateCore = { state: 'pending', pending_since: 0, firing_since: null, last_breach_at: 0, resolved_at: null };

describe('no data', () => {
  it.each([
    ['firing', firing],
    ['pending', pending],
    ['inactive', INACTIVE],
  ])('keeps a %s alert as it is, however long it lasts', (_, s) => {
    expect(step(s, undefined, 10 * 3_600_000, timing)).toEqual({ next: s, moves: [] });
  });

  it('a cleared reading still resolves a firing alert after keep_firing_for', () => {
    expect(step(firing, { breach: false, sustain: false }, 60_000 + 120_000, timing).moves).toEqual([['firing', 'resolved']]);
  });

  it('a pending alert fires at the next reading that sees the breach, not on no data', () => {
    expect(step(pending, undefined, 120_000, timing).next.state).toBe('pending');
    expect(step(pending, { breach: true, sustain: true }, 120_000, timing).moves).toEqual([['pending', 'firing']]);
  });
});
