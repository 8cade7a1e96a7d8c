/**
 * Reads Anthropic's Admin API usage and cost reports (or the simulator's copies of them), every
 * page, into the shapes `reconcile()` compares. See docs/admin-api.md for the endpoints.
 * The admin key is sent only in `x-api-key` and never appears in an error message.
 */
import type { BilledCost, BilledUsage } from './compare.ts';

export interface AdminReportQuery {
  /** API base, e.g. `https://api.anthropic.com` or a simulator's URL. */
  baseURL: string;
  adminKey: string;
  since: number;
  until: number;
  bucket: '1h' | '1d';
  apiKeyId?: string;
  fetch?: typeof fetch;
  /** Per request, ms (default 30 s). */
  timeoutMs?: number;
}

interface Page<T> {
  data: Array<{ starting_at: string; ending_at: string; results: T[] }>;
  has_more: boolean;
  next_page: string | null;
}

interface UsageResult {
  uncached_input_tokens: number;
  cache_creation?: { ephemeral_5m_input_tokens?: number; ephemeral_1h_input_tokens?: number } | null;
  cache_read_input_tokens: number;
  output_tokens: number;
  model: string | null;
  service_tier: string | null;
}

interface CostResult {
  amount: string;
  currency: string;
  model: string | null;
  cost_type: string | null;
}

const MAX_PAGES = 1_000;

/** The reports could not be read (network, HTTP error, unexpected body). The message never holds the key. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
}

async function pages<T>(q: AdminReportQuery, path: string, params: URLSearchParams): Promise<Array<{ start: number; results: T[] }>> {
  const f = q.fetch ?? fetch;
  const out: Array<{ start: number; results: T[] }> = [];
  let page: string | null = null;
  for (let n = 0; n < MAX_PAGES; n++) {
    const p = new URLSearchParams(params);
    if (page) p.set('page', page);
    const url = `${q.baseURL.replace(/\/$/, '')}${path}?${p}`;
    let res: Response;
    try {
      res = await f(url, { headers: { 'x-api-key': q.adminKey, 'anthropic-version': '2023-06-01' }, signal: AbortSignal.timeout(q.timeoutMs ?? 30_000) });
    } catch (err) {
      throw new AdminApiError(`GET ${path} at ${new URL(q.baseURL).host}: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text();
    if (!res.ok) {
      let msg = text.slice(0, 300);
      try {
        msg = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? msg;
      } catch {
        // not JSON: the raw start of the body is the best description
      }
      throw new AdminApiError(`GET ${path} at ${new URL(q.baseURL).host}: HTTP ${res.status}: ${msg}`);
    }
    const body = JSON.parse(text) as Page<T>;
    for (const b of body.data) out.push({ start: Date.parse(b.starting_at), results: b.results });
    if (!body.has_more || !body.next_page) return out;
    page = body.next_page;
  }
  throw new AdminApiError(`GET ${path}: more than ${MAX_PAGES} pages`);
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Usage per model, bucket and service tier for the window (optionally one API key). */
export async function fetchBilledUsage(q: AdminReportQuery): Promise<BilledUsage[]> {
  const p = new URLSearchParams({ starting_at: iso(q.since), ending_at: iso(q.until), bucket_width: q.bucket, limit: q.bucket === '1d' ? '31' : '168' });
  for (const g of ['model', 'service_tier']) p.append('group_by[]', g);
  if (q.apiKeyId) p.append('api_key_ids[]', q.apiKeyId);
  const out: BilledUsage[] = [];
  for (const b of await pages<UsageResult>(q, '/v1/organizations/usage_report/messages', p)) {
    for (const r of b.results) {
      out.push({
        model: r.model ?? '(unknown)',
        bucket: b.start,
        service_tier: r.service_tier ?? 'standard',
        tokens: {
          input: r.uncached_input_tokens,
          output: r.output_tokens,
          cache_write: (r.cache_creation?.ephemeral_5m_input_tokens ?? 0) + (r.cache_creation?.ephemeral_1h_input_tokens ?? 0),
          cache_read: r.cache_read_input_tokens,
        },
      });
    }
  }
  return out;
}

/**
 * Daily cost lines for the window, grouped by description (which carries the model). The cost
 * report cannot be filtered by API key: it is the whole organisation's (docs/admin-api.md).
 */
export async function fetchBilledCost(q: AdminReportQuery): Promise<BilledCost[]> {
  const p = new URLSearchParams({ starting_at: iso(q.since), ending_at: iso(q.until), bucket_width: '1d', limit: '31' });
  p.append('group_by[]', 'description');
  const out: BilledCost[] = [];
  for (const b of await pages<CostResult>(q, '/v1/organizations/cost_report', p)) {
    for (const r of b.results) {
      if (r.currency !== 'USD') throw new AdminApiError(`cost_report: currency ${r.currency} is not supported (USD only)`);
      // `amount` is in cents, as a decimal string.
      out.push({ model: r.cost_type === 'tokens' || (r.cost_type === null && r.model) ? r.model : null, day: b.start, usd: Number(r.amount) / 100, cost_type: r.cost_type ?? 'tokens' });
    }
  }
  return out;
}
