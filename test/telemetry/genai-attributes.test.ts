import { expect, test } from 'vitest';
import {
  DURATION_BUCKETS,
  exportersFromEnv,
  requestAttributes,
  responseAttributes,
  serverFromBaseURL,
  TOKEN_BUCKETS,
  usageAttributes,
} from '../../src/telemetry/index.ts';

const server = { address: 'api.anthropic.com', port: 443 };

test('gen_ai.usage.input_tokens includes cache writes and reads (the API input_tokens excludes them)', () => {
  const a = usageAttributes({ input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 200, cache_read_input_tokens: 3000, cache_write_5m_tokens: 200, cache_write_1h_tokens: 0 });
  expect(a).toEqual({
    'gen_ai.usage.input_tokens': 3210,
    'gen_ai.usage.output_tokens': 5,
    'gen_ai.usage.cache_creation.input_tokens': 200,
    'gen_ai.usage.cache_read.input_tokens': 3000,
  });
});

test('request attributes: required ones always, gen_ai.request.stream only when streaming, no content', () => {
  const plain = requestAttributes({ model: 'claude-haiku-4-5', max_tokens: 100, temperature: 1, stop_sequences: ['END'] }, server);
  expect(plain).toMatchObject({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.model': 'claude-haiku-4-5',
    'gen_ai.request.max_tokens': 100,
    'gen_ai.request.temperature': 1,
    'gen_ai.request.stop_sequences': ['END'],
    'server.address': 'api.anthropic.com',
    'server.port': 443,
  });
  expect(plain).not.toHaveProperty('gen_ai.request.stream');
  expect(requestAttributes({ model: 'm', stream: true }, server)['gen_ai.request.stream']).toBe(true);
});

test('response attributes carry the raw stop reason as finish reason', () => {
  expect(responseAttributes({ id: 'msg_1', model: 'claude-haiku-4-5-20251001', stop_reason: 'max_tokens' })).toEqual({
    'gen_ai.response.id': 'msg_1',
    'gen_ai.response.model': 'claude-haiku-4-5-20251001',
    'gen_ai.response.finish_reasons': ['max_tokens'],
  });
});

test('server address and port from the base URL', () => {
  expect(serverFromBaseURL('https://api.anthropic.com')).toEqual({ address: 'api.anthropic.com', port: 443 });
  expect(serverFromBaseURL('http://127.0.0.1:8787/')).toEqual({ address: '127.0.0.1', port: 8787 });
});

test('spec bucket boundaries (v1.41.0)', () => {
  expect(TOKEN_BUCKETS).toEqual([1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864]);
  expect(DURATION_BUCKETS).toEqual([0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]);
});

test('OTEL_*_EXPORTER lists default to otlp', () => {
  expect(exportersFromEnv({})).toEqual({ traces: ['otlp'], metrics: ['otlp'] });
  expect(exportersFromEnv({ OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'otlp, prometheus' })).toEqual({ traces: ['none'], metrics: ['otlp', 'prometheus'] });
});
