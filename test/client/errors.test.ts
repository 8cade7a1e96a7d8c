import { expect, test } from 'vitest';
import { ClaudeCallError, ClientFault, LocalAbort } from '../../src/client/errors.ts';
import type { CallRecord } from '../../src/client/types.ts';

test('LocalAbort says which of our timers (or the caller) ended the attempt', () => {
  const e = new LocalAbort('stream_idle', 'no event for 30000 ms');
  expect(e).toBeInstanceOf(Error);
  expect([e.name, e.reason, e.message]).toEqual(['LocalAbort', 'stream_idle', 'no event for 30000 ms']);
});

test('ClientFault carries its error kind and cause', () => {
  const cause = new Error('socket closed');
  const e = new ClientFault('malformed_response', 'truncated stream', { cause });
  expect([e.name, e.kind, e.message, e.cause]).toEqual(['ClientFault', 'malformed_response', 'truncated stream', cause]);
  expect(new ClientFault('connection', 'x').cause).toBeUndefined();
});

test('ClaudeCallError carries the kind, the whole record and the last error as cause', () => {
  const record = { error_kind: 'overloaded', attempts: [] } as unknown as CallRecord;
  const cause = new Error('529');
  const e = new ClaudeCallError('overloaded', 'overloaded after 3 attempts', record, { cause });
  expect([e.name, e.kind, e.message, e.record, e.cause]).toEqual(['ClaudeCallError', 'overloaded', 'overloaded after 3 attempts', record, cause]);
});
