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

const yes = { breach: true, sustain: true };
const no = { breach: false, sustain: false };

describe('pending', () => {
  it('a breach that clears before its `for` duration goes back to inactive and never fires', () => {
    const a = step(undefined, yes, 0, timing);
    expect(a).toEqual({ next: { ...INACTIVE, state: 'pending', pending_since: 0, last_breach_at: 0 }, moves: [['inactive', 'pending']] });
    const b = step(a.next, yes, 30_000, timing);
    expect(b).toEqual({ next: { ...a.next, last_breach_at: 30_000 }, moves: [] });
    const c = step(b.next, no, 59_999, timing);
    expect(c).toEqual({ next: INACTIVE, moves: [['pending', 'inactive']] });
    // The next breach starts a new pending period: `for` counts from it, not from the first one.
    const d = step(c.next, yes, 60_000, timing);
    expect(d.next).toMatchObject({ state: 'pending', pending_since: 60_000 });
    expect(step(d.next, yes, 119_999, timing).next.state).toBe('pending');
    expect(step(d.next, yes, 120_000, timing).moves).toEqual([['pending', 'firing']]);
  });

  it('a reading with sustain but no breach does not hold a pending alert (sustain is for firing ones)', () => {
    expect(step(pending, { breach: false, sustain: true }, 1_000, timing)).toEqual({ next: INACTIVE, moves: [['pending', 'inactive']] });
  });

  it('a pending alert that cleared exactly at its `for` boundary does not fire', () => {
    expect(step(pending, no, 60_000, timing)).toEqual({ next: INACTIVE, moves: [['pending', 'inactive']] });
  });

  it('fires when the breach has held exactly `for`, not a millisecond before', () => {
    expect(step(pending, yes, 59_999, timing)).toEqual({ next: { ...pending, last_breach_at: 59_999 }, moves: [] });
    expect(step(pending, yes, 60_000, timing)).toEqual({
      next: { state: 'firing', pending_since: 0, firing_since: 60_000, last_breach_at: 60_000, resolved_at: null },
      moves: [['pending', 'firing']],
    });
  });

  it('`for: 0s` passes through pending and fires in the same evaluation', () => {
    expect(step(INACTIVE, yes, 5_000, { forMs: 0, keepFiringForMs: 0 })).toEqual({
      next: { state: 'firing', pending_since: 5_000, firing_since: 5_000, last_breach_at: 5_000, resolved_at: null },
      moves: [['inactive', 'pending'], ['pending', 'firing']],
    });
  });

  it('an inactive or resolved alert without a breach stays where it is', () => {
    expect(step(INACTIVE, { breach: false, sustain: true }, 5_000, timing)).toEqual({ next: INACTIVE, moves: [] });
    const resolved: StateCore = { state: 'resolved', pending_since: 0, firing_since: 60_000, last_breach_at: 70_000, resolved_at: 190_000 };
    expect(step(resolved, no, 500_000, timing)).toEqual({ next: resolved, moves: [] });
  });

  it('a resolved alert that breaches again starts a fresh pending period', () => {
    const resolved: StateCore = { state: 'resolved', pending_since: 0, firing_since: 60_000, last_breach_at: 70_000, resolved_at: 190_000 };
    expect(step(resolved, yes, 200_000, timing)).toEqual({
      next: { state: 'pending', pending_since: 200_000, firing_since: null, last_breach_at: 200_000, resolved_at: null },
      moves: [['resolved', 'pending']],
    });
  });
});

describe('firing', () => {
  it.each([
    ['breach', { breach: true, sustain: false }],
    ['sustain (the hysteresis level)', { breach: false, sustain: true }],
  ])('%s alone keeps it firing and restarts keep_firing_for', (_, input) => {
    expect(step(firing, input, 500_000, timing)).toEqual({ next: { ...firing, last_breach_at: 500_000 }, moves: [] });
  });

  it('resolves exactly keep_firing_for after the condition last held, not a millisecond before', () => {
    expect(step(firing, no, 60_000 + 119_999, timing)).toEqual({ next: firing, moves: [] });
    expect(step(firing, no, 60_000 + 120_000, timing)).toEqual({
      next: { ...firing, state: 'resolved', resolved_at: 180_000 },
      moves: [['firing', 'resolved']],
    });
  });

  it('with keep_firing_for 0 resolves at the first cleared reading; with no recorded breach it counts from now', () => {
    expect(step(firing, no, 60_001, { forMs: 0, keepFiringForMs: 0 }).moves).toEqual([['firing', 'resolved']]);
    const noBreach: StateCore = { ...firing, last_breach_at: null };
    expect(step(noBreach, no, 10_000_000, timing)).toEqual({ next: noBreach, moves: [] });
    expect(step(noBreach, no, 10_000_000, { forMs: 0, keepFiringForMs: 0 }).moves).toEqual([['firing', 'resolved']]);
  });
});
