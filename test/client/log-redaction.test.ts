import { expect, test } from 'vitest';
import { createLogger, scrubString, sha256 } from '../../src/log/index.ts';

const KEY = 'sk-ant-api03-SENTINEL_abcdef0123456789-XYZ';

test('API keys and auth headers are redacted by path and by value, wherever they are', () => {
  const lines: string[] = [];
  const log = createLogger({ destination: { write: (l: string) => void lines.push(l) } });
  log.info({ apiKey: KEY, headers: { 'x-api-key': KEY, authorization: `Bearer ${KEY}` } }, 'configured');
  log.warn({ nested: { deep: { note: `key=${KEY}` } }, list: [KEY] }, `message with ${KEY}`);
  log.error({ err: new Error(`request failed for ${KEY}`) }, 'boom');
  log.info({ request: { Authorization: 'Bearer abc.def.ghi' } }, 'bearer');
  const out = lines.join('');
  expect(out).not.toContain('SENTINEL');
  expect(out).not.toContain('abc.def.ghi');
  expect(out).toContain('[REDACTED]');
  expect(lines).toHaveLength(4);
});

test('the default logger writes nowhere (library code never writes to the console)', () => {
  const log = createLogger();
  expect(() => log.info({ a: 1 }, 'dropped')).not.toThrow();
});

test('scrubString leaves ordinary text alone', () => {
  expect(scrubString('nothing secret here')).toBe('nothing secret here');
  expect(scrubString(`x ${KEY} y`)).toBe('x [REDACTED] y');
});

test('sha256 is the hex digest of UTF-8 text', () => {
  expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
