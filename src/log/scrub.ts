/**
 * The one secret scrubber for everything that leaves the process as text: log lines, span
 * attributes and status, metric attributes, stored results (error messages, output previews),
 * CLI output and HTML reports. Keys are matched by shape (`sk-ant-…`, plain or encoded) and, for
 * the values this process was configured with ({@link registerSecret}: the API key, a target
 * URL's credentials), by value in every form a server or library may have encoded them into
 * (see secret-forms.ts), so a key echoed in an error body or a reply is still caught.
 */
import { encodedForm, ENCODED_KEY_SOURCE, literalForms, MIN_SECRET_LENGTH } from './secret-forms.ts';

/** Anthropic API keys and admin keys: `sk-ant-api03-…`, `sk-ant-admin01-…`, and test keys. */
const KEY_PATTERN = /sk-ant-[A-Za-z0-9_\-]+/g;
/** `Bearer <token>` inside free text (an Authorization header copied into a message). */
const BEARER_PATTERN = /Bearer\s+[A-Za-z0-9._\-~+/]+=*/gi;

export const REDACTED = '[REDACTED]';

/** Registered secrets, and what finds them: literal forms (`includes`) and one regexp for encoded forms. */
const registered = new Set<string>();
let needles: string[] = [];
let encoded = new RegExp(ENCODED_KEY_SOURCE, 'g');

/**
 * Makes `value` a secret for every scrubber in this process (logs, spans, metrics, store, CLI,
 * reports). Process-wide on purpose: a key configured for one client must not appear in the
 * output of any other part. Values shorter than 8 characters are ignored. Returns whether it
 * was registered.
 * @example
 * registerSecret(process.env.ANTHROPIC_API_KEY);
 */
export function registerSecret(value: string | null | undefined): boolean {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return false;
  if (registered.has(value)) return true;
  registered.add(value);
  const all = new Set<string>();
  for (const s of registered) for (const f of literalForms(s)) all.add(f);
  needles = [...all].sort((a, b) => b.length - a.length);
  const sources = [...registered].sort((a, b) => b.length - a.length).map(encodedForm);
  encoded = new RegExp([...sources, ENCODED_KEY_SOURCE].join('|'), 'g');
  return true;
}

/** @internal Tests: forget every registered secret. */
export function forgetSecrets(): void {
  registered.clear();
  needles = [];
  encoded = new RegExp(ENCODED_KEY_SOURCE, 'g');
}

/** Whether a string holds an escape (`%hh`, `\u00hh`, `\/`) that could hide a key. */
function mayHideKey(value: string): boolean {
  return value.includes('%') || value.includes('\\');
}

function hasNeedle(value: string): boolean {
  for (let i = 0; i < needles.length; i++) if (value.includes(needles[i]!)) return true;
  return false;
}

/** Header and field names whose value is a credential, compared case-insensitively. */
export const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set([
  'apikey',
  'api_key',
  'x-api-key',
  'authorization',
  'authtoken',
  'auth_token',
  'proxy-authorization',
]);

/**
 * True when `value` may hold a secret: a registered one in a literal form, anything escaped
 * (checked with the encoded-forms regexp only then), or the shape of a key or bearer token.
 */
function suspicious(value: string): boolean {
  if (needles.length > 0 && hasNeedle(value)) return true;
  if (mayHideKey(value)) {
    encoded.lastIndex = 0;
    if (encoded.test(value)) return true;
  }
  return shaped(value);
}

/**
 * True when `value` contains `sk-ant-` or `bearer` (any case). One pass over the characters, no
 * regular expression: this runs on every string of every log line, where a cold regexp engine
 * cost more than the rest of the check.
 */
function shaped(value: string): boolean {
  const n = value.length - 5;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i) | 0x20;
    if (c === 0x73 /* s */) {
      if (value.startsWith('k-ant-', i + 1) && value.charCodeAt(i) === 0x73) return true;
    } else if (c === 0x62 /* b */) {
      if (
        (value.charCodeAt(i + 1) | 0x20) === 0x65 &&
        (value.charCodeAt(i + 2) | 0x20) === 0x61 &&
        (value.charCodeAt(i + 3) | 0x20) === 0x72 &&
        (value.charCodeAt(i + 4) | 0x20) === 0x65 &&
        (value.charCodeAt(i + 5) | 0x20) === 0x72
      )
        return true;
    }
  }
  return false;
}

/** Verdicts per field name already seen (log lines reuse a few dozen names): one lookup, no lower-casing. */
const keyVerdicts = new Map<string, boolean>();

function secretKey(k: string): boolean {
  let v = keyVerdicts.get(k);
  if (v === undefined) {
    v = SECRET_FIELD_NAMES.has(k) || (k.length <= 19 && SECRET_FIELD_NAMES.has(k.toLowerCase()));
    if (keyVerdicts.size >= 4096) keyVerdicts.clear();
    keyVerdicts.set(k, v);
  }
  return v;
}

/** True when scrubbing would change something; walks without allocating (the common case is clean). */
function dirty(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return suspicious(value);
  if (value === null || typeof value !== 'object') return false;
  if (depth > 8 || value instanceof Error || value instanceof Headers) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (dirty(v, depth + 1)) return true;
    return false;
  }
  for (const k in value) {
    if (secretKey(k) || dirty((value as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

/** Replaces every API key, registered secret (in any encoding) and bearer token in a string. */
export function scrubString(value: string): string {
  if (!suspicious(value)) return value;
  let out = value;
  for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
  if (mayHideKey(out)) out = out.replace(encoded, REDACTED);
  return out.replace(KEY_PATTERN, REDACTED).replace(BEARER_PATTERN, `Bearer ${REDACTED}`);
}

/**
 * Deep copy of `value` with secret-named fields redacted and every string scrubbed. Cycles and
 * depth beyond 8 are cut, so a hostile object cannot hang the logger.
 */
export function scrubValue(value: unknown): unknown {
  return dirty(value, 0) ? scrubDeep(value, 0, new WeakSet()) : value;
}

function scrubDeep(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[Truncated]';
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: scrubString(value.message) };
    if (value.stack) out['stack'] = scrubString(value.stack);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1, seen));
  if (value instanceof Headers) {
    const out: Record<string, string> = {};
    value.forEach((v, k) => (out[k] = SECRET_FIELD_NAMES.has(k.toLowerCase()) ? REDACTED : scrubString(v)));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = secretKey(k) ? REDACTED : scrubDeep(v, depth + 1, seen);
  }
  return out;
}
