/**
 * Secret scrubbing for anything that leaves the process as text: log lines, span attributes,
 * error messages. Keys are matched by shape (`sk-ant-…`) so a key that slips into a message, a
 * URL or a nested object is still caught, whatever field it sits in.
 */

/** Anthropic API keys and admin keys: `sk-ant-api03-…`, `sk-ant-admin01-…`, and test keys. */
const KEY_PATTERN = /sk-ant-[A-Za-z0-9_\-]+/g;
/** `Bearer <token>` inside free text (an Authorization header copied into a message). */
const BEARER_PATTERN = /Bearer\s+[A-Za-z0-9._\-~+/]+=*/gi;

export const REDACTED = '[REDACTED]';

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

/** Replaces every API key and bearer token in a string. */
export function scrubString(value: string): string {
  if (!value.includes('sk-ant-') && !/bearer/i.test(value)) return value;
  return value.replace(KEY_PATTERN, REDACTED).replace(BEARER_PATTERN, `Bearer ${REDACTED}`);
}

/**
 * Deep copy of `value` with secret-named fields redacted and every string scrubbed. Cycles and
 * depth beyond 8 are cut, so a hostile object cannot hang the logger.
 */
export function scrubValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[Truncated]';
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: scrubString(value.message) };
    if (value.stack) out['stack'] = scrubString(value.stack);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1, seen));
  if (value instanceof Headers) {
    const out: Record<string, string> = {};
    value.forEach((v, k) => (out[k] = SECRET_FIELD_NAMES.has(k.toLowerCase()) ? REDACTED : scrubString(v)));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_FIELD_NAMES.has(k.toLowerCase()) ? REDACTED : scrubValue(v, depth + 1, seen);
  }
  return out;
}
