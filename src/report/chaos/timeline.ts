/**
 * The per-scenario timeline: one lane per call (its attempts as blocks, the waits between them
 * as thin bars labelled retry-after or backoff) and one lane per alert (pending and firing
 * periods, a mark at each transition), on the scenario's virtual-time axis. (Internal.)
 */
import { formatMs, SERIES_COLOURS, STATUS_COLOURS, timelineChart, type SafeHtml, type TimelineLane, type TimelineSpan } from '../index.ts';
import type { AlertEventView, AttemptView, CallView, ScenarioVerdict } from '../../chaos/types.ts';

export const WAIT_COLOURS = { retry_after: SERIES_COLOURS[0]!, backoff: SERIES_COLOURS[3]! } as const;
const ALERT_COLOURS: Record<AlertEventView['state'], string> = { pending: STATUS_COLOURS.warn, firing: STATUS_COLOURS.fail, resolved: STATUS_COLOURS.pass, inactive: STATUS_COLOURS.neutral };

function attemptColour(a: AttemptView): string {
  if (a.error_kind === null && (a.status === null || a.status < 400)) return STATUS_COLOURS.pass;
  return a.status === 429 ? STATUS_COLOURS.warn : STATUS_COLOURS.fail;
}

const attemptLabel = (a: AttemptView) => (a.error_kind && (a.status === null || a.status >= 500) ? a.error_kind : String(a.status ?? a.error_kind ?? 'ok'));

export function waitLabel(a: AttemptView): string {
  return `${a.wait_source === 'retry_after' ? 'retry-after' : 'backoff'} ${formatMs(a.wait_ms)}`;
}

function callLane(c: CallView): TimelineLane {
  const spans: TimelineSpan[] = [];
  for (const a of c.attempts) {
    spans.push({
      start: a.at_ms,
      end: a.at_ms + a.duration_ms,
      colour: attemptColour(a),
      label: attemptLabel(a),
      title: `attempt ${a.n} at ${formatMs(a.at_ms)}: ${a.status ?? 'no status'}${a.error_kind ? ` ${a.error_kind}` : ''}, ${formatMs(a.duration_ms)}${a.retry_after_ms !== null ? `, retry-after ${formatMs(a.retry_after_ms)}` : ''}`,
    });
    if (a.wait_ms !== null && a.wait_ms > 0) {
      const start = a.at_ms + a.duration_ms;
      spans.push({ start, end: start + a.wait_ms, thin: true, colour: WAIT_COLOURS[a.wait_source ?? 'backoff'], label: waitLabel(a), title: `wait after attempt ${a.n}: ${waitLabel(a)}` });
    }
  }
  return { label: `call ${c.index} · ${c.probe_id}`, spans };
}

const alertKey = (e: AlertEventView) => `${e.rule} ${Object.entries(e.labels).map(([k, v]) => `${k}=${v}`).join(',')}`;

function alertLanes(events: readonly AlertEventView[], end: number): TimelineLane[] {
  const byKey = new Map<string, AlertEventView[]>();
  for (const e of [...events].sort((a, b) => a.at_ms - b.at_ms)) byKey.set(alertKey(e), [...(byKey.get(alertKey(e)) ?? []), e]);
  return [...byKey.entries()].map(([key, evs]) => {
    const spans: TimelineSpan[] = [];
    evs.forEach((e, i) => {
      const to = evs[i + 1]?.at_ms ?? end;
      if ((e.state === 'pending' || e.state === 'firing') && to > e.at_ms) {
        spans.push({ start: e.at_ms, end: to, colour: ALERT_COLOURS[e.state], title: `${key}: ${e.state} from ${formatMs(e.at_ms)} to ${formatMs(to)}`, label: e.state });
      }
    });
    return { label: `alert ${key}`, spans, marks: evs.map((e) => ({ at: e.at_ms, colour: ALERT_COLOURS[e.state], title: `${key}: ${e.state} at ${formatMs(e.at_ms)}` })) };
  });
}

export const TIMELINE_LEGEND = [
  { name: 'attempt succeeded', colour: STATUS_COLOURS.pass },
  { name: 'attempt rate-limited (429)', colour: STATUS_COLOURS.warn },
  { name: 'attempt failed', colour: STATUS_COLOURS.fail },
  { name: 'wait: retry-after', colour: WAIT_COLOURS.retry_after },
  { name: 'wait: backoff', colour: WAIT_COLOURS.backoff },
  { name: 'alert pending', colour: ALERT_COLOURS.pending },
  { name: 'alert firing', colour: ALERT_COLOURS.firing },
];

// Tick steps a reader can add up: 1-2-5 ms to seconds, then 10 s, 15 s, 30 s, minutes, hours.
const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1_800e3, 3_600e3, 7_200e3];

/** About `count` ticks from `lo` to `hi` at a time-friendly step, labelled like `1 min 30 s`. */
export function timeTicks(lo: number, hi: number, count = 6, origin = 0): { value: number; label: string }[] {
  const step = STEPS.find((s) => (hi - lo) / s <= count) ?? STEPS[STEPS.length - 1]!;
  const out: { value: number; label: string }[] = [];
  for (let v = origin + Math.ceil((lo - origin) / step) * step; v <= hi; v += step) out.push({ value: v, label: `${origin ? '+' : ''}${formatVirtual(v - origin)}` });
  return out;
}

/** Virtual time: `0`, `512 ms`, `30 s`, `2 min`, `2 min 30 s`, `1 h`. */
export function formatVirtual(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))} s`;
  const h = Math.floor(ms / 3_600_000);
  const min = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return [h ? `${h} h` : '', min ? `${min} min` : '', s ? `${s} s` : ''].filter(Boolean).join(' ');
}

/** One call on its own axis, from its first attempt to its last wait: every wait is readable. */
export function callTimeline(c: CallView): SafeHtml {
  const lane = callLane(c);
  const start = c.attempts[0]?.at_ms ?? c.at_ms;
  const end = Math.max(start + 1, ...lane.spans.map((s) => s.end));
  const pad = (end - start) * 0.02;
  return timelineChart({
    title: `call ${c.index} (${c.probe_id}, ${c.model}): attempts and waits`,
    lanes: [{ ...lane, label: `call ${c.index}` }],
    xMin: start,
    xMax: end + pad,
    xTicks: timeTicks(start, end + pad, 5, start),
    width: 560,
    laneHeight: 30,
    labelWidth: 64,
    caption: `Call ${c.index} (${c.probe_id}, ${c.model}): ${c.attempts.length} ${c.attempts.length === 1 ? 'attempt' : 'attempts'}, started at ${formatVirtual(start)}; axis from its start.`,
  });
}

export function scenarioTimeline(s: ScenarioVerdict): SafeHtml {
  const end = Math.max(s.virtual_ms, ...s.calls.flatMap((c) => c.attempts.map((a) => a.at_ms + a.duration_ms + (a.wait_ms ?? 0))));
  return timelineChart({
    title: `${s.id}: attempts, waits and alerts over virtual time`,
    lanes: [...s.calls.map(callLane), ...alertLanes(s.alerts, end)],
    xMin: 0,
    xMax: end,
    xTicks: timeTicks(0, end),
    xLabel: 'virtual time since the scenario started',
    labelWidth: 210,
    legend: TIMELINE_LEGEND,
  });
}
