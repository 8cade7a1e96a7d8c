import { describe, expect, it } from 'vitest';
import { checkRefusal } from '../../src/quality/index.ts';

const longAnswer =
  'Here is a full walkthrough of configuring the exporter. '.repeat(6) +
  'Finally, note that some providers say "no"; in that case I cannot help with their quota, ask them.';

const refusals: Array<[string, string]> = [
  ['plain cannot', "I can't help with that request."],
  ['curly apostrophe', 'I can\u2019t help with that request.'],
  ['cannot assist', 'I cannot assist with creating malware.'],
  ['not able to', "I'm not able to provide that information."],
  ['unable to', 'I am unable to comply with this.'],
  ['won\'t', "I won't write that for you."],
  ['as an AI', 'As an AI, I do not have opinions on this.'],
  ['as an AI language model', 'As an AI language model, I cannot browse the web.'],
  ['sorry but', "I'm sorry, but I can't do that."],
  ['sorry without but', 'Sorry, I cannot share that.'],
  ['apologise', 'I apologize, but I am unable to help here.'],
  ['decline', 'I must respectfully decline this request.'],
  ['after a short preamble', 'Thanks for asking. Unfortunately I cannot help with this one.'],
  ['lower case start', "i can't assist with that."],
];

const nearMisses: Array<[string, string]> = [
  ["can't wait", "I can't wait to help you build this! First, install the SDK."],
  ['sorry for the delay', 'Sorry for the delay, here is the summary you asked for.'],
  ['cannot stress', 'I cannot stress enough how important retries are.'],
  ["can't help but", "I can't help but notice the loop never exits; here is a fix."],
  ['late in a long answer', longAnswer],
  ['quoted in a code block', 'Here is the test fixture:\n```\nI\'m sorry, but I can\'t help with that.\n```\nIt checks the refusal path.'],
  ['quoted in inline code', 'Match on `I cannot assist` in your classifier, it is common.'],
  ['quoted in double quotes', 'A refusal usually starts with "I can\'t help with that" and a reason.'],
  ['block quote', "> I'm not able to provide that\n\nThat is what the old model said; the new one answers."],
  ['as an AI researcher', 'As an AI researcher, you will want a held-out set.'],
  ["won't bore you", "I won't bore you with details: set max_tokens to 1024."],
  ['not able to find bugs', "I'm not able to find any bug in this function; it looks correct."],
  ['cannot be null', 'The field cannot be null, so validate it first.'],
  ['empty text', ''],
];

describe('checkRefusal', () => {
  it('flags stop_reason refusal whatever the text', () => {
    const r = checkRefusal({ text: 'Sure! Here is', stop_reason: 'refusal' });
    expect(r.pass).toBe(false);
    expect(r.reason).toContain('"refusal"');
  });

  it.each(refusals)('flags refusal wording near the start: %s', (_, text) => {
    const r = checkRefusal({ text, stop_reason: 'end_turn' });
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/found ".+" at character \d+/);
  });

  it.each(nearMisses)('does not flag a near-miss: %s', (_, text) => {
    expect(checkRefusal({ text, stop_reason: 'end_turn' })).toMatchObject({ pass: true });
  });

  it('honours a custom window', () => {
    const text = `${'x'.repeat(300)} I cannot help with that.`;
    expect(checkRefusal({ text, stop_reason: 'end_turn' }).pass).toBe(true);
    expect(checkRefusal({ text, stop_reason: 'end_turn' }, { window_chars: 400 }).pass).toBe(false);
  });
});
