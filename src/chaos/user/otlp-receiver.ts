/**
 * An OTLP/HTTP receiver on 127.0.0.1 for the user's service during a process scenario: it takes
 * `POST /v1/traces` as JSON or protobuf and keeps each span's name, attributes and status, and
 * accepts (and drops) metrics and logs so the service's exporters see success. (Internal.)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeTraceRequest } from './otlp-proto.ts';

export interface ReceivedSpan {
  name: string;
  attributes: Record<string, string | number | boolean>;
  status: 'unset' | 'ok' | 'error';
}

export interface OtlpReceiver {
  /** For `OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. `http://127.0.0.1:43117`. */
  url: string;
  spans: ReceivedSpan[];
  /** Requests it could not read (kept for the verdict). */
  problems: string[];
  close(): Promise<void>;
}

interface JsonAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
}
interface JsonSpan {
  name?: string;
  attributes?: Array<{ key: string; value?: JsonAnyValue }>;
  status?: { code?: number | string };
}

function jsonValue(v: JsonAnyValue | undefined): string | number | boolean | undefined {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  return v.doubleValue;
}

function jsonSpans(body: string): ReceivedSpan[] {
  const req = JSON.parse(body) as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: JsonSpan[] }> }> };
  return (req.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => {
        const attributes: ReceivedSpan['attributes'] = {};
        for (const a of s.attributes ?? []) {
          const v = jsonValue(a.value);
          if (v !== undefined) attributes[a.key] = v;
        }
        const code = s.status?.code;
        return { name: s.name ?? '', attributes, status: code === 2 || code === 'STATUS_CODE_ERROR' ? 'error' : code === 1 || code === 'STATUS_CODE_OK' ? 'ok' : 'unset' };
      }),
    ),
  );
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const problems: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const proto = (req.headers['content-type'] ?? '').includes('protobuf');
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url === '/v1/traces') {
        try {
          spans.push(...(proto ? decodeTraceRequest(new Uint8Array(body)) : jsonSpans(body.toString('utf8'))));
        } catch (err) {
          problems.push(`could not read an OTLP ${proto ? 'protobuf' : 'JSON'} trace export: ${(err as Error).message}`);
          res.writeHead(400).end();
          return;
        }
      }
      // An empty Export*ServiceResponse: zero bytes in protobuf, `{}` in JSON.
      res.writeHead(200, { 'content-type': proto ? 'application/x-protobuf' : 'application/json' }).end(proto ? undefined : '{}');
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    problems,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
