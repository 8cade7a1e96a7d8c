/** Transport-independent shapes: a request in, a planned response out. */

export interface SimRequest {
  method: string;
  /** Path without query, e.g. `/v1/messages`. */
  path: string;
  /** The query string without `?` (admin filters), if any. */
  query?: string;
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

/** One entry of the simulator's request journal (`sim.journal()`, `GET /__canary/requests`). */
export interface SimLogEntry {
  /** When the request arrived, ms on the simulator's clock. */
  at: number;
  method: string;
  path: string;
  /** The model as the request named it (Messages and count_tokens, when the body names one). */
  model?: string;
  stream?: boolean;
  /**
   * Request headers, lower-case names, all but connection headers and the SDK's platform headers
   * (x-stainless-retry-count and x-stainless-timeout are kept); credentials (x-api-key,
   * authorization, anything named like a key, token or secret, any `sk-ant-` value) are `[redacted]`.
   */
  headers: Record<string, string>;
  /** Body fields worth asserting on; long texts cut to 200 characters. */
  body?: {
    max_tokens?: number;
    metadata_user_id?: string;
    system?: string;
    /** Names of the offered tools. */
    tools?: string[];
    /** `auto`, `any`, `none` or `tool:<name>`. */
    tool_choice?: string;
    /** `enabled:<budget>`, `adaptive` or `disabled`. */
    thinking?: string;
    messages?: number;
    last_user?: string;
  };
  /** The faults applied, joined by `+` (e.g. `rate_limit`, `slow_first_token+short`). */
  fault?: string;
  /** The reply rule that answered (its name, or `#<index>`). */
  reply_rule?: string;
  status: number;
  /** `error.type` of an error response. */
  error_type?: string;
  /** What was billed, for a successful Messages response. */
  usage?: { input_tokens: number; output_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number };
  request_id?: string;
}
