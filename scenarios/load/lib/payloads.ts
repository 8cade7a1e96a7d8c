/**
 * Request builders for the Messages API: bodies, headers and the target read from the
 * environment. Plain module (no k6 imports).
 */

/** Default model for load tests: the cheapest current model keeps a real-API run affordable. */
export const DEFAULT_MODEL = 'claude-haiku-4-5';
/** Default `max_tokens`: small, so a load test measures the platform, not long generations. */
export const DEFAULT_MAX_TOKENS = 128;
/** The API version every request sends. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Prompts rotated across iterations so the simulator (and any cache) sees some variety. */
export const PROMPTS: readonly string[] = [
  'In two sentences, explain what a canary deployment is.',
  'List three causes of elevated p99 latency in an HTTP service.',
  'Summarise the difference between a rate limit and a spend limit.',
  'Write a haiku about load testing.',
  'Explain exponential backoff with jitter to a new engineer.',
];

export interface MessagesBodyOptions {
  model?: string;
  maxTokens?: number;
  stream?: boolean;
  /** Picks the prompt (modulo the prompt list); pass the k6 iteration number. Default 0. */
  seed?: number;
  /** Overrides the prompt entirely. */
  prompt?: string;
  system?: string;
}

/** A Messages API request body (the subset load tests send). */
export interface MessagesBody {
  model: string;
  max_tokens: number;
  messages: { role: 'user'; content: string }[];
  stream?: true;
  system?: string;
}

/**
 * Builds a Messages request body.
 *
 * @example
 * http.post(`${base}/v1/messages`, JSON.stringify(messagesBody({ seed: __ITER, stream: true })), { headers })
 */
export function messagesBody(opts: MessagesBodyOptions = {}): MessagesBody {
  const seed = Math.abs(Math.trunc(opts.seed ?? 0));
  const prompt = opts.prompt ?? PROMPTS[seed % PROMPTS.length] ?? PROMPTS[0]!;
  const body: MessagesBody = {
    model: opts.model ?? DEFAULT_MODEL,
    max_tokens: opts.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: [{ role: 'user', content: prompt }],
  };
  if (opts.stream) body.stream = true;
  if (opts.system !== undefined) body.system = opts.system;
  return body;
}

/** Where a script sends its load, read from `__ENV`. */
export interface Target {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4010`. */
  baseUrl: string;
  /** Path of the endpoint under test. Default `/v1/messages`. */
  path: string;
  apiKey: string;
  model: string;
  maxTokens: number;
  /** Extra headers from `HEADERS` (a JSON object), e.g. an auth header for your own gateway. */
  extraHeaders: Record<string, string>;
}

/**
 * Reads the target from the environment: `BASE_URL` (required), `API_PATH`, `ANTHROPIC_API_KEY`
 * (default `sk-canary-sim`, which the simulator accepts), `MODEL`, `MAX_TOKENS`, `HEADERS` (JSON).
 * Throws on a missing `BASE_URL` or malformed values, so a misconfigured run fails at init.
 */
export function targetFromEnv(env: Record<string, string | undefined>): Target {
  const base = env.BASE_URL;
  if (!base) throw new Error('BASE_URL is not set: pass -e BASE_URL=http://127.0.0.1:<port> (claude-canary load sets it for the simulator)');
  if (!/^https?:\/\/[^\s]+$/.test(base)) throw new Error(`BASE_URL must be an http(s) URL, got "${base}"`);
  let extraHeaders: Record<string, string> = {};
  if (env.HEADERS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.HEADERS);
    } catch {
      throw new Error('HEADERS must be a JSON object of header names to string values');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('HEADERS must be a JSON object');
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof v !== 'string') throw new Error(`HEADERS.${k} must be a string`);
    }
    extraHeaders = parsed as Record<string, string>;
  }
  const maxTokens = env.MAX_TOKENS ? Number(env.MAX_TOKENS) : DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new Error(`MAX_TOKENS must be a positive integer, got "${env.MAX_TOKENS}"`);
  const path = env.API_PATH ?? '/v1/messages';
  return {
    baseUrl: base.replace(/\/+$/, ''),
    path: path.startsWith('/') ? path : `/${path}`,
    apiKey: env.ANTHROPIC_API_KEY ?? 'sk-canary-sim',
    model: env.MODEL ?? DEFAULT_MODEL,
    maxTokens,
    extraHeaders,
  };
}

/** Headers for one request: auth, version, JSON, an optional fault, then the user's extras (which win). */
export function requestHeaders(target: Pick<Target, 'apiKey' | 'extraHeaders'>, fault?: string): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': 'application/json',
    'x-api-key': target.apiKey,
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (fault) h['x-canary-fault'] = fault;
  return { ...h, ...target.extraHeaders };
}
