/**
 * Anthropic's Admin API usage and cost reports, served from the simulated bill (billing.ts):
 *   GET /v1/organizations/usage_report/messages   buckets 1m/1h/1d, group_by[] and filters
 *   GET /v1/organizations/cost_report             buckets 1d, group_by[] workspace_id/description
 * An admin key (`sk-ant-admin...`) in `x-api-key` is required: none is a 401, an ordinary API
 * key a 403. Pagination as documented: `limit` buckets per page, `next_page` is `page_` + the
 * base64 of the next bucket's start, `has_more` while buckets remain before `ending_at`.
 * Field shapes follow docs/admin-api.md.
 */
import type { Catalog } from '../../src/shared/catalog.ts';
import type { BillingSkew } from '../faults/plan.ts';
import { DAY_MS, describeTokens, MINUTE_MS, ratesFor, TOKEN_TYPES, type BillCell, type BillingLedger } from './billing.ts';
import type { PlannedResponse, SimRequest } from './types.ts';

export const USAGE_REPORT_PATH = '/v1/organizations/usage_report/messages';
export const COST_REPORT_PATH = '/v1/organizations/cost_report';

type Width = '1m' | '1h' | '1d';
const WIDTH_MS: Record<Width, number> = { '1m': MINUTE_MS, '1h': 3_600_000, '1d': DAY_MS };
/** Default and maximum buckets per page, by width (documented for the usage report). */
const LIMITS: Record<Width, { def: number; max: number }> = { '1m': { def: 60, max: 1440 }, '1h': { def: 24, max: 168 }, '1d': { def: 7, max: 31 } };

const USAGE_GROUPS = ['api_key_id', 'workspace_id', 'model', 'service_tier', 'context_window'] as const;
const COST_GROUPS = ['workspace_id', 'description'] as const;

export interface ReportContext {
  ledger: BillingLedger;
  catalog: Catalog;
  skew: BillingSkew | undefined;
  now: number;
  requestId: string;
}

const json = (status: number, body: unknown, requestId: string): PlannedResponse => ({
  type: 'json',
  status,
  headers: { 'content-type': 'application/json', 'request-id': requestId },
  body: JSON.stringify(body),
  delayMs: 0,
});
const error = (status: number, type: string, message: string, requestId: string) => json(status, { type: 'error', error: { type, message }, request_id: requestId }, requestId);

export function isReportPath(path: string): boolean {
  return path === USAGE_REPORT_PATH || path === COST_REPORT_PATH;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface Query {
  width: Width;
  start: number;
  end: number;
  limit: number;
  groups: string[];
  filters: Map<string, Set<string>>;
}

/** Query string -> query; a string is the 400's message. `a[]=x` and `a=x` are both accepted. */
function parseQuery(raw: string, kind: 'usage' | 'cost', now: number): Query | string {
  const params = new Map<string, string[]>();
  for (const [k0, v] of new URLSearchParams(raw)) {
    const k = k0.endsWith('[]') ? k0.slice(0, -2) : k0;
    params.set(k, [...(params.get(k) ?? []), v]);
  }
  const one = (k: string) => params.get(k)?.[0];
  const width = (one('bucket_width') ?? '1d') as Width;
  if (!(width in WIDTH_MS) || (kind === 'cost' && width !== '1d')) return `bucket_width: must be ${kind === 'cost' ? '"1d"' : 'one of "1m", "1h", "1d"'}, got "${width}"`;
  const w = WIDTH_MS[width];
  const page = one('page');
  let startRaw = one('starting_at');
  if (page) {
    if (!page.startsWith('page_')) return `page: not a next_page token`;
    startRaw = Buffer.from(page.slice(5), 'base64').toString('utf8');
  }
  if (!startRaw) return 'starting_at: Field required';
  const start = Date.parse(startRaw);
  if (Number.isNaN(start)) return `starting_at: not an RFC 3339 timestamp: "${startRaw}"`;
  const endRaw = one('ending_at');
  const end = endRaw === undefined ? undefined : Date.parse(endRaw);
  if (end !== undefined && Number.isNaN(end)) return `ending_at: not an RFC 3339 timestamp: "${endRaw}"`;
  const { def, max } = LIMITS[width];
  const limit = one('limit') === undefined ? def : Number(one('limit'));
  if (!Number.isInteger(limit) || limit < 1 || limit > max) return `limit: must be an integer from 1 to ${max} for bucket_width ${width}`;
  const allowed: readonly string[] = kind === 'usage' ? USAGE_GROUPS : COST_GROUPS;
  const groups = params.get('group_by') ?? [];
  const bad = groups.find((g) => !allowed.includes(g));
  if (bad) return `group_by: "${bad}" is not one of ${allowed.join(', ')}`;
  const filters = new Map<string, Set<string>>();
  const FILTER_DIM: Record<string, string> = { api_key_ids: 'api_key_id', workspace_ids: 'workspace_id', models: 'model', service_tiers: 'service_tier', context_window: 'context_window' };
  if (kind === 'usage') for (const [p, dim] of Object.entries(FILTER_DIM)) if (params.has(p)) filters.set(dim, new Set(params.get(p)));
  const snapped = Math.floor(start / w) * w;
  // Without ending_at: up to the end of the bucket that holds `now`.
  return { width, start: snapped, end: end ?? Math.ceil((now + 1) / w) * w, limit, groups, filters };
}

function pageOf(q: Query) {
  const w = WIDTH_MS[q.width];
  const buckets: number[] = [];
  let t = q.start;
  for (; t < q.end && buckets.length < q.limit; t += w) buckets.push(t);
  const hasMore = t < q.end;
  return { buckets, w, has_more: hasMore, next_page: hasMore ? `page_${Buffer.from(iso(t)).toString('base64')}` : null };
}

const dimOf = (c: BillCell, d: string): string | null => (c as unknown as Record<string, string | null>)[d] ?? null;

export function handleReport(req: SimRequest, ctx: ReportContext): PlannedResponse {
  const key = req.headers['x-api-key'];
  if (req.method !== 'GET') return error(405, 'invalid_request_error', `${req.method} not allowed on ${req.path}`, ctx.requestId);
  if (!key) return error(401, 'authentication_error', 'x-api-key header is required', ctx.requestId);
  if (!key.startsWith('sk-ant-admin')) {
    return key.startsWith('sk-ant-')
      ? error(403, 'permission_error', 'this endpoint requires an Admin API key (sk-ant-admin...)', ctx.requestId)
      : error(401, 'authentication_error', 'invalid x-api-key', ctx.requestId);
  }
  const kind = req.path === USAGE_REPORT_PATH ? 'usage' : 'cost';
  const q = parseQuery(req.query ?? '', kind, ctx.now);
  if (typeof q === 'string') return error(400, 'invalid_request_error', q, ctx.requestId);
  const page = pageOf(q);
  const cells = ctx.ledger.cellsIn(q.start, page.buckets.length ? page.buckets[page.buckets.length - 1]! + page.w : q.start, ctx.skew).filter((c) =>
    [...q.filters].every(([d, allowed]) => allowed.has(String(dimOf(c, d)))),
  );
  const byBucket = new Map<number, BillCell[]>();
  for (const c of cells) {
    const b = Math.floor(c.minute / page.w) * page.w;
    byBucket.set(b, [...(byBucket.get(b) ?? []), c]);
  }
  const data = page.buckets.map((b) => ({
    starting_at: iso(b),
    ending_at: iso(b + page.w),
    results: kind === 'usage' ? usageResults(byBucket.get(b) ?? [], q.groups) : costResults(byBucket.get(b) ?? [], q.groups, b, ctx),
  }));
  return json(200, { data, has_more: page.has_more, next_page: page.next_page }, ctx.requestId);
}

function usageResults(cells: BillCell[], groups: string[]) {
  const rows = new Map<string, Record<string, unknown> & { t: Record<string, number> }>();
  for (const c of cells) {
    const dims: Record<string, string | null> = {};
    for (const d of USAGE_GROUPS) dims[d] = groups.includes(d) ? dimOf(c, d) : null;
    const k = JSON.stringify(dims);
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { ...dims, t: Object.fromEntries(TOKEN_TYPES.map((t) => [t, 0])) }));
    for (const t of TOKEN_TYPES) r.t[t]! += c.tokens[t];
  }
  return [...rows.values()].map(({ t, ...dims }) => ({
    uncached_input_tokens: t['uncached_input_tokens'],
    cache_creation: { ephemeral_1h_input_tokens: t['cache_creation.ephemeral_1h_input_tokens'], ephemeral_5m_input_tokens: t['cache_creation.ephemeral_5m_input_tokens'] },
    cache_read_input_tokens: t['cache_read_input_tokens'],
    output_tokens: t['output_tokens'],
    server_tool_use: { web_search_requests: 0 },
    ...dims,
  }));
}

/** Cents as a decimal string, like the API's `amount` ("123.45" is $1.23). */
const cents = (usd: number) => String(Math.round(usd * 100 * 1e6) / 1e6);

function costResults(cells: BillCell[], groups: string[], day: number, ctx: ReportContext) {
  const byDesc = groups.includes('description');
  const byWs = groups.includes('workspace_id');
  const rows = new Map<string, { usd: number; fields: Record<string, string | null> }>();
  const add = (fields: Record<string, string | null>, usd: number) => {
    const k = JSON.stringify(fields);
    const r = rows.get(k);
    if (r) r.usd += usd;
    else rows.set(k, { usd, fields });
  };
  const none = { cost_type: null, description: null, model: null, service_tier: null, token_type: null, context_window: null };
  for (const c of cells) {
    const rates = ratesFor(ctx.catalog, c.model, day, c.context_window, ctx.skew);
    for (const t of TOKEN_TYPES) {
      if (c.tokens[t] === 0) continue;
      const usd = (c.tokens[t] * rates[t]) / 1e6;
      const ws = byWs ? c.workspace_id : null;
      add(
        byDesc
          ? { cost_type: 'tokens', description: describeTokens(ctx.catalog, c.model, t), model: c.model, service_tier: c.service_tier, token_type: t, context_window: c.context_window, workspace_id: ws }
          : { ...none, workspace_id: ws },
        usd,
      );
    }
  }
  const dayIso = iso(day).slice(0, 10);
  for (const x of ctx.skew?.extra_charges ?? []) {
    if (x.date !== dayIso) continue;
    add(byDesc ? { ...none, cost_type: x.cost_type, description: x.description ?? x.cost_type, workspace_id: null } : { ...none, workspace_id: null }, x.amount_usd);
  }
  return [...rows.values()].map((r) => ({ amount: cents(r.usd), currency: 'USD', ...r.fields }));
}
