/**
 * Per-request faults over HTTP: `x-canary-fault: <kind>[; key=value]...`, e.g.
 * `rate_limit; retry_after=2; times=2`. `times=N` means the first N requests carrying that exact
 * header value get the fault and later ones succeed, so a client's own retries can be watched.
 * `tag=<text>` is ignored except that it makes the value distinct, so concurrent clients (k6 VUs,
 * parallel tests) can each have their own `times` counter.
 */
import { FAULT_KINDS } from './kinds.ts';
import { FaultRuleSchema, type FaultRule } from './plan.ts';

export const FAULT_HEADER = 'x-canary-fault';

export interface HeaderFault {
  rule: FaultRule;
  /** How many requests with this exact header value get the fault; undefined = all. */
  times?: number;
}

export class FaultHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultHeaderError';
  }
}

function coerce(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (value !== '' && !Number.isNaN(Number(value))) return Number(value);
  return value;
}

/** Parses the header; throws {@link FaultHeaderError} naming the field and the allowed values. */
export function parseFaultHeader(value: string): HeaderFault {
  const [head, ...rest] = value.split(';').map((s) => s.trim());
  const kind = head ?? '';
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultHeaderError(
      `${FAULT_HEADER}: unknown fault kind "${kind}"; allowed kinds: ${FAULT_KINDS.join(', ')}`,
    );
  }
  const obj: Record<string, unknown> = { kind };
  let times: number | undefined;
  for (const part of rest) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new FaultHeaderError(`${FAULT_HEADER}: "${part}" is not key=value`);
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (key === 'tag') continue;
    if (key === 'times') {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1) throw new FaultHeaderError(`${FAULT_HEADER}: times must be a positive integer, got "${raw}"`);
      times = n;
    } else {
      obj[key] = coerce(raw);
    }
  }
  const r = FaultRuleSchema.safeParse(obj);
  if (!r.success) {
    const msg = r.error.issues
      .map((i) => {
        const field = i.path.join('.') || 'kind';
        const keys = 'keys' in i && Array.isArray(i.keys) ? ` (${(i.keys as string[]).join(', ')})` : '';
        return `${field}: ${i.message}${keys}`;
      })
      .join('; ');
    throw new FaultHeaderError(`${FAULT_HEADER}: ${msg}`);
  }
  return times === undefined ? { rule: r.data } : { rule: r.data, times };
}
