/**
 * The per-rule, per-label-set state machine, as a pure function:
 *
 *   inactive --breach--> pending --breach held for `for`--> firing --cleared for keep_firing_for--> resolved
 *   pending --no breach--> inactive (never notified)      resolved --breach--> pending
 *
 * `for: 0s` passes through pending and fires in the same evaluation. While firing, the
 * `sustain` condition (the hysteresis threshold) keeps it firing, and `keep_firing_for` holds it
 * firing that long after the condition last held: both suppress flapping.
 *
 * No data (no reading, or too few samples to judge) changes nothing: a firing alert stays firing
 * and a pending one stays pending (it fires only at an evaluation that sees the breach again, once
 * `for` has passed since it went pending: unknown is not cleared). Only data showing the condition
 * cleared resolves an alert, so a restarted monitor with an empty window, or a canary that went
 * quiet, never reports "resolved" (silence has its own rule, `probe_absent`).
 */

export const ALERT_STATES = ['inactive', 'pending', 'firing', 'resolved'] as const;
export type AlertStateName = (typeof ALERT_STATES)[number];

export interface StateCore {
  state: AlertStateName;
  pending_since: number | null;
  firing_since: number | null;
  /** Last evaluation at which the condition held (breach while pending, sustain while firing). */
  last_breach_at: number | null;
  resolved_at: number | null;
}

export interface StepInput {
  breach: boolean;
  sustain: boolean;
}

export interface StepTiming {
  forMs: number;
  keepFiringForMs: number;
}

export const INACTIVE: StateCore = { state: 'inactive', pending_since: null, firing_since: null, last_breach_at: null, resolved_at: null };

/** One evaluation. `input` undefined means no data for this label set: the state is kept as it is. */
export function step(prev: StateCore | undefined, input: StepInput | undefined, now: number, timing: StepTiming): { next: StateCore; moves: Array<[AlertStateName, AlertStateName]> } {
  let s: StateCore = prev ?? INACTIVE;
  const moves: Array<[AlertStateName, AlertStateName]> = [];
  if (input === undefined) return { next: s, moves };
  const { breach, sustain } = input;
  switch (s.state) {
    case 'inactive':
    case 'resolved':
      if (breach) {
        moves.push([s.state, 'pending']);
        s = { state: 'pending', pending_since: now, firing_since: null, last_breach_at: now, resolved_at: null };
      }
      break;
    case 'pending':
      if (breach) s = { ...s, last_breach_at: now };
      else {
        moves.push(['pending', 'inactive']);
        s = { ...INACTIVE };
      }
      break;
    case 'firing':
      if (sustain || breach) s = { ...s, last_breach_at: now };
      else if (now - (s.last_breach_at ?? now) >= timing.keepFiringForMs) {
        moves.push(['firing', 'resolved']);
        s = { ...s, state: 'resolved', resolved_at: now };
      }
      break;
  }
  if (s.state === 'pending' && now - s.pending_since! >= timing.forMs) {
    moves.push(['pending', 'firing']);
    s = { ...s, state: 'firing', firing_since: now };
  }
  return { next: s, moves };
}
