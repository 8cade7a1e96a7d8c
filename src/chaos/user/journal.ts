/**
 * The upstream journal of a user-code scenario: every request that reached the simulator, with
 * the call it belongs to, its model and body, and what was answered. It wraps the simulator's
 * `handle()` (the core's own `sim.log` has no request bodies), and it is also where a retry hint
 * is scaled: a response with `retry-after: 30` gets `retry-after-ms: 30000 x scale` beside it, so
 * code that honours `retry-after-ms` (the official SDK does) waits scaled time. (Internal.)
 */
import type { Simulator } from '../../../mocks/core/simulator.ts';
import type { PlannedResponse, SimRequest, TimedFrame } from '../../../mocks/core/types.ts';
import type { UpstreamView } from '../types.ts';
import { SECRET_HEADER_NAMES } from './schema.ts';

/**
 * One request the simulator answered during a user-code scenario: the fields the report shows
 * ({@link UpstreamView}, less what is derived from neighbours or the body), and what the checks need.
 */
export interface UpstreamEntry extends Omit<UpstreamView, 'gap_ms' | 'max_tokens'> {
  /** A stream that failed (error event, truncation, stall) after sending some text. */
  failed_after_text: boolean;
  /** The parsed JSON body (kept in memory for body checks; never rendered whole). */
  body: Record<string, unknown> | null;
  /** Request headers, lower-case, without the credentials (kept in memory for header checks). */
  headers: Record<string, string>;
  /** A message answered: its id and the tokens billed for it (for telemetry checks). */
  response: { id: string; input_tokens: number; output_tokens: number } | null;
}

type Usage = { input_tokens?: number; output_tokens?: number };

/** The message id and billed usage of a successful answer, JSON or SSE. */
function billed(p: PlannedResponse): UpstreamEntry['response'] {
  try {
    if (p.type === 'json' && p.status === 200) {
      const m = JSON.parse(p.body) as { id?: string; type?: string; usage?: Usage };
      return m.type === 'message' && m.id ? { id: m.id, input_tokens: m.usage?.input_tokens ?? 0, output_tokens: m.usage?.output_tokens ?? 0 } : null;
    }
    if (p.type !== 'stream') return null;
    let id: string | null = null;
    let input = 0;
    let output = 0;
    for (const f of p.frames) {
      const data = f.frame.split('\n').find((l) => l.startsWith('data: '));
      if (!data) continue;
      const ev = JSON.parse(data.slice(6)) as { type?: string; message?: { id?: string; usage?: Usage }; usage?: Usage };
      if (ev.type === 'message_start') {
        id = ev.message?.id ?? null;
        input = ev.message?.usage?.input_tokens ?? 0;
      }
      if (ev.type === 'message_delta') output = ev.usage?.output_tokens ?? output;
    }
    return id ? { id, input_tokens: input, output_tokens: output } : null;
  } catch {
    return null; // a malformed-JSON fault: nothing was billed that a client could read
  }
}

/** Never kept, so no check, report or error message can show them. */
const SECRET_HEADERS = new Set(SECRET_HEADER_NAMES);

const STREAM_FAILURES = ['stream_error', 'stream_truncated', 'stream_stall'];

export interface Journal {
  sim: Simulator;
  entries: UpstreamEntry[];
  /** Which call later requests belong to. */
  setCall(index: number | null): void;
  /** Moves the scenario start (e.g. to when a started service became ready). */
  setOrigin(t0: number): void;
}

function hintMs(headers: Record<string, string>): number | null {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && Number.isFinite(Number(ms))) return Number(ms);
  const s = headers['retry-after'];
  return s !== undefined && Number.isFinite(Number(s)) ? Number(s) * 1000 : null;
}

function durationOf(p: PlannedResponse): number {
  if (p.type === 'json') return p.delayMs;
  // An endless stream (the `stream_runaway` fault) is a lazy iterable with no planned duration.
  if (p.type === 'stream') return Array.isArray(p.frames) ? (p.frames as TimedFrame[]).reduce((s, f) => s + f.delayMs, 0) : 0;
  if (p.type === 'reset') return p.delayMs;
  return 0;
}

/** Wraps `sim` so every request it answers is journalled; `t0` is the scenario start on `sim.clock`. */
export function journalSimulator(sim: Simulator, scale: number, t0: number): Journal {
  const entries: UpstreamEntry[] = [];
  let call: number | null = null;
  let origin = t0;
  const handle = (req: SimRequest): PlannedResponse => {
    const at = sim.clock.now();
    const planned = sim.handle(req);
    const logged = sim.log.at(-1);
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = req.body ? JSON.parse(req.body) : null;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      /* not JSON: the simulator answered 400 and the journal says so */
    }
    const status = planned.type === 'json' || planned.type === 'stream' ? planned.status : null;
    const headers = planned.type === 'json' || planned.type === 'stream' ? planned.headers : {};
    const hint = status !== null && status >= 400 ? hintMs(headers) : null;
    if (hint !== null && scale !== 1) headers['retry-after-ms'] = String(hint * scale);
    const fault = logged?.fault ?? null;
    entries.push({
      seq: entries.length,
      call,
      at_ms: at - origin,
      duration_ms: durationOf(planned),
      path: req.path,
      model: typeof body?.['model'] === 'string' ? body['model'] : null,
      stream: body?.['stream'] === true,
      status,
      fault,
      retry_after_ms: hint,
      failed_after_text:
        planned.type === 'stream' && fault !== null && STREAM_FAILURES.some((k) => fault.includes(k)) && Array.isArray(planned.frames) && (planned.frames as TimedFrame[]).some((f) => f.frame.includes('"text_delta"')),
      body,
      response: billed(planned),
      headers: Object.fromEntries(Object.entries(req.headers).filter((kv): kv is [string, string] => kv[1] !== undefined && !SECRET_HEADERS.has(kv[0].toLowerCase()))),
    });
    return planned;
  };
  return {
    sim: {
      handle,
      setPlan: (p) => sim.setPlan(p),
      get plan() {
        return sim.plan;
      },
      journal: (f) => sim.journal(f),
      reset: () => sim.reset(),
      get log() {
        return sim.log;
      },
      clock: sim.clock,
      catalog: sim.catalog,
    },
    entries,
    setCall: (i) => void (call = i),
    setOrigin: (t) => void (origin = t),
  };
}
