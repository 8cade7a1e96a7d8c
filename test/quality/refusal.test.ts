import { describe, expect, it } from 'vitest';
import { checkRefusal, proseOnly } from '../../src/quality/index.ts';

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
  ['will not be able to, in capitals', "I WON'T BE ABLE TO HELP with that."],
  ['sorry with no verb, in capitals', "SORRY, I CAN'T."],
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

describe('checkRefusal at its edges', () => {
  const at = (index: number) => `${'x'.repeat(index - 1)} I cannot help with that.`;

  it('counts wording that starts before window_chars, not at it', () => {
    expect(checkRefusal({ text: at(10), stop_reason: 'end_turn' }, { window_chars: 11 })).toEqual({
      pass: false,
      reason: 'expected no refusal wording in the first 11 characters, found "I cannot help" at character 10',
    });
    expect(checkRefusal({ text: at(10), stop_reason: 'end_turn' }, { window_chars: 10 })).toEqual({
      pass: true,
      reason: 'no refusal stop reason and no refusal wording in the first 10 characters',
    });
  });

  it('defaults the window to 200 characters', () => {
    expect(checkRefusal({ text: at(199), stop_reason: 'end_turn' }).pass).toBe(false);
    expect(checkRefusal({ text: at(200), stop_reason: 'end_turn' }).reason).toBe('no refusal stop reason and no refusal wording in the first 200 characters');
  });

  it('flags a refusal stop reason with a fixed reason, and nothing else for other stop reasons', () => {
    expect(checkRefusal({ text: '', stop_reason: 'refusal' })).toEqual({ pass: false, reason: 'expected a stop_reason other than "refusal", got "refusal"' });
    expect(checkRefusal({ text: 'Fine.', stop_reason: 'max_tokens' }).pass).toBe(true);
    expect(checkRefusal({ text: 'Fine.', stop_reason: null }).pass).toBe(true);
  });

  it('measures the window on prose: code before the wording does not push it out', () => {
    const text = `\`\`\`\n${'code line\n'.repeat(40)}\`\`\`\nI cannot help with that.`;
    expect(checkRefusal({ text, stop_reason: 'end_turn' }).pass).toBe(false);
  });

  it.each<[string, string]>([
    ['as an AI assistant', 'As an AI assistant, I have no access to your files.'],
    ['as an AI model', 'As an AI model, I do not browse.'],
    ["won't be able to", "I won't be able to help with that."],
    ['cannot be able to', 'I cannot be able to assist.'],
    ['really', "I really can't, I can't really help with that."],
    ['will not', 'I will not provide instructions for that.'],
    ['can not', 'I can not answer that.'],
    ['am not able to', 'I am not able to share it.'],
    ['unable to fulfill', "I'm unable to fulfill this request."],
    ['do that', "I can't do that."],
    ['am sorry', 'I am sorry, but I cannot do this.'],
    ['apologise without but', 'I apologise, I cannot continue.'],
    ['have to decline', 'I have to decline.'],
    ['need to decline', 'I need to respectfully decline.'],
    ['not comfortable', "I'm not comfortable helping with this."],
    ['not going to', "I'm not going to write that."],
    ['curly single quote on the left', 'I\u2018m not going to write that.'],
  ])('flags %s', (_, text) => {
    expect(checkRefusal({ text, stop_reason: 'end_turn' }).pass).toBe(false);
  });

  it.each<[string, string]>([
    ['has an AI', 'Has an AI, in your view, ever passed the test? Many say so.'],
    ['curly quoted', 'A refusal reads \u201cI cannot help with that\u201d in most logs.'],
    ['a word ending in I', 'WASABI cannot help with digestion, it seems.'],
    ['cannot helpfully', 'I cannot helpfully summarise a blank page; paste the text.'],
    ['must decline to comment is not ours to judge', 'Hawaii must decline the offer, the article says.'],
    ['not comfortable with', "I'm not comfortable with the old API either, so here is the new one."],
  ])('does not flag %s', (_, text) => {
    expect(checkRefusal({ text, stop_reason: 'end_turn' }).pass).toBe(true);
  });
});

describe('proseOnly', () => {
  it.each([
    ['  leading spaces go', 'leading spaces go'],
    ['a\n\n\tb', 'a b'],
    ['it\u2019s \u2018fine\u2019', "it's 'fine'"],
    ['> quoted line\nkept', 'kept'],
    ['  > indented quote\nkept', 'kept'],
    ['kept > not a quote', 'kept > not a quote'],
    ['say "this" and \u201cthat\u201d now', 'say and now'],
    ['a quote with no space around it still parts the words: said"sure?"I cannot', 'a quote with no space around it still parts the words: said I cannot'],
    ['> quoted line', ''],
    ['kept\n> quoted line', 'kept '],
    ['an "open quote\nacross lines"', 'an "open quote across lines"'],
    ['x `code` y', 'x y'],
  ])('%j -> %j', (text, prose) => {
    expect(proseOnly(text)).toBe(prose);
  });
});
