import { expect, test } from 'vitest';
import { ProbeSchema } from '../../src/probes/probe-schema.ts';

const base = { id: 'p', description: 'd', model: 'claude-haiku-4-5', prompt: 'hi' };

test('a probe may carry reply rules; they are validated strictly with their field path', () => {
  expect(ProbeSchema.parse({ ...base, replies: [{ when: { last_user: { contains: 'hi' } }, reply: { text: 'hello' } }] }).replies).toHaveLength(1);
  expect(ProbeSchema.parse(base).replies).toBeUndefined();
  const r = ProbeSchema.safeParse({ ...base, replies: [{ when: { last_user: { regex: '(' } }, reply: { text: 'x', colour: 'red' } }] });
  expect(r.success).toBe(false);
  const paths = r.error!.issues.map((i) => i.path.join('.'));
  expect(paths).toEqual(expect.arrayContaining(['replies.0.when.last_user.regex', 'replies.0.reply']));
});
