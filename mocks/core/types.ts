/** Transport-independent shapes: a request in, a planned response out. */

export interface SimRequest {
  method: string;
  /** Path without query, e.g. `/v1/messages`. */
  path: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

/** One SSE frame (already serialised) and how long after the previous frame it is sent. */
export interface TimedFrame {
  delayMs: number;
  frame: string;
}

export type PlannedResponse =
  | { type: 'json'; status: number; headers: Record<string, string>; body: string; delayMs: number }
  | {
      type: 'stream';
      status: 200;
      headers: Record<string, string>;
      /** In order; may be endless (the `stream_runaway` fault): adapters read it lazily and stop when the client goes away. */
      frames: Iterable<TimedFrame>;
      /** `close` ends the body after the last frame; `stall` keeps it open, sending nothing more. */
      ending: 'close' | 'stall';
    }
  | { type: 'reset'; delayMs: number }
  | { type: 'hang' };

/** One line of the simulator's request log. */
export interface SimLogEntry {
  at: number;
  path: string;
  model?: string;
  stream?: boolean;
  fault?: string;
  status: number;
  request_id?: string;
}
