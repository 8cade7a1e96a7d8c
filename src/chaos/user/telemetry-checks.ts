/**
 * Checks of the spans the user's service exported during a process scenario, against the
 * upstream journal: one span per request (by model), the billed tokens on each answered span,
 * and every error answered as a span with status ERROR and an `error.type`. (Internal.)
 */
import type { CheckVerdict } from '../types.ts';
import type { UpstreamEntry } from './journal.ts';
import type { ReceivedSpan } from './otlp-receiver.ts';
import type { UserScenario } from './schema.ts';

export function telemetryChecks(s: UserScenario, journal: readonly UpstreamEntry[], received: readonly ReceivedSpan[], problems: readonly string[]): CheckVerdict[] {
  const t = s.expect.telemetry;
  if (!t) return [];
  const out: CheckVerdict[] = [];
  const spans = received.filter((x) => x.name === t.span_name);
  const requests = journal.filter((e) => e.path === '/v1/messages');
  const seen = `${received.length} spans received, ${spans.length} named ${t.span_name}${problems.length ? `; ${problems.join('; ')}` : ''}`;
  if (t.span_per_request) {
    const models = [...new Set(requests.map((e) => e.model ?? '?'))];
    const short = models.filter((m) => spans.filter((x) => x.attributes['gen_ai.request.model'] === m).length < requests.filter((e) => (e.model ?? '?') === m).length);
    out.push({
      name: 'telemetry: a span per upstream request',
      pass: requests.length > 0 && short.length === 0,
      expected: `a ${t.span_name} span per request, with gen_ai.request.model (${models.map((m) => `${m} x${requests.filter((e) => (e.model ?? '?') === m).length}`).join(', ') || 'no requests'})`,
      actual: short.length ? `${short.map((m) => `${m}: ${spans.filter((x) => x.attributes['gen_ai.request.model'] === m).length} spans`).join(', ')} (${seen})` : seen,
    });
  }
  if (t.tokens_match) {
    const answered = requests.filter((e) => e.response !== null);
    const bad: string[] = [];
    for (const e of answered) {
      const sp = spans.find((x) => x.attributes['gen_ai.response.id'] === e.response!.id);
      if (!sp) bad.push(`no span for response ${e.response!.id}`);
      else {
        const outTok = sp.attributes['gen_ai.usage.output_tokens'];
        const inTok = sp.attributes['gen_ai.usage.input_tokens'];
        if (outTok !== e.response!.output_tokens) bad.push(`${e.response!.id}: output_tokens ${String(outTok)} != billed ${e.response!.output_tokens}`);
        if (inTok !== undefined && inTok !== e.response!.input_tokens) bad.push(`${e.response!.id}: input_tokens ${String(inTok)} != billed ${e.response!.input_tokens}`);
      }
    }
    out.push({ name: 'telemetry: token counts match what was billed', pass: answered.length > 0 && bad.length === 0, expected: 'gen_ai.usage.* on each answered span equal to the billed usage', actual: answered.length === 0 ? 'no answered request' : bad.length ? bad.join('; ') : `${answered.length} responses match` });
  }
  if (t.errors_as_status) {
    const failed = requests.filter((e) => e.status === null || e.status >= 400).length;
    const errored = spans.filter((x) => x.status === 'error' && x.attributes['error.type'] !== undefined);
    out.push({
      name: 'telemetry: errors become span status',
      pass: failed > 0 && errored.length >= failed,
      expected: `${failed} spans with status ERROR and error.type (one per failed request)`,
      actual: `${errored.length} (${[...new Set(errored.map((x) => String(x.attributes['error.type'])))].join(', ') || 'none'})`,
    });
  }
  return out;
}
