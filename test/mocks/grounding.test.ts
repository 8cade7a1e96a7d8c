import { describe, expect, test } from 'vitest';
import { createSimulator, NO_LATENCY } from '../../mocks/index.ts';
import { bestEvidence, lengthHint, subjectOf } from '../../mocks/core/grounding.ts';
import { extractTemplate, fillTemplate } from '../../mocks/core/json-template.ts';

const sim = createSimulator({ latency: NO_LATENCY });
function reply(prompt: string, extra: Record<string, unknown> = {}): { text: string; stop_reason: string } {
  const r = sim.handle({
    method: 'POST',
    path: '/v1/messages',
    headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 400, messages: [{ role: 'user', content: prompt }], ...extra }),
  });
  if (r.type !== 'json') throw new Error('expected JSON');
  const m = JSON.parse(r.body) as { content: Array<{ text: string }>; stop_reason: string };
  return { text: m.content[0]?.text ?? '', stop_reason: m.stop_reason };
}

describe('grounded replies', () => {
  test('quotes the context line that answers the question (needle in a haystack)', () => {
    const log = Array.from({ length: 300 }, (_, i) =>
      i === 211 ? `svc request r-${i} failed with error code E-9001` : `svc request r-${i} completed with status 200`,
    ).join('\n');
    const r = reply(`${log}\n\nWhich request failed, and with which error code? Answer in one sentence.`);
    expect(r.text).toBe('svc request r-211 failed with error code E-9001');
    expect(r.stop_reason).toBe('end_turn');
  });

  test('no evidence below two shared words', () => {
    expect(bestEvidence('Which colour is the sky?', 'Cats sleep a lot.\nDogs bark.')).toBeNull();
  });

  test('restates the subject of an instruction', () => {
    expect(subjectOf('In about 150 words, explain why exponential backoff with jitter avoids a thundering herd.')).toBe(
      'exponential backoff with jitter avoids a thundering herd',
    );
    expect(reply('How do I rotate an API key safely?').text).toMatch(/^To rotate an API key safely:/);
  });

  test('follows length and list hints, and ends inside max_tokens', () => {
    expect(lengthHint('in about 100 words')).toMatchObject({ tokens: 130 });
    const list = reply('Summarise in four bullet points: canaries find outages before users do.').text.split('\n');
    expect(list).toHaveLength(4);
    expect(list.every((l) => l.startsWith('- '))).toBe(true);
    for (let i = 0; i < 20; i++) expect(reply(`Tell me about topic ${i} in depth.`).stop_reason).toBe('end_turn');
  });

  test('echoes a single requested word', () => {
    expect(reply('Reply with the single word OK and nothing else.').text).toBe('OK');
  });
});

describe('JSON templates', () => {
  test('fills a template with the counted number of items and a consistent count', () => {
    const prompt = 'Give the three primary colours as {"colours": [{"name": string, "hex": string}], "count": number}.';
    const t = extractTemplate(prompt);
    const v = fillTemplate(t, prompt, 7) as { colours: Array<{ name: string; hex: string }>; count: number };
    expect(v.colours).toHaveLength(3);
    expect(v.count).toBe(3);
    expect(v.colours.every((c) => /^#[0-9A-F]{6}$/.test(c.hex) && c.name.length > 0)).toBe(true);
    expect(JSON.parse(reply(`Return JSON. ${prompt}`).text)).toEqual(fillTemplate(t, `Return JSON. ${prompt}`, expect.any(Number) as never) && expect.objectContaining({ count: 3 }));
  });

  test('no template: a generic JSON object; JSON asked for in the system prompt counts', () => {
    const text = reply('What is the status?', { system: 'Answer with a single JSON object.' }).text;
    expect(JSON.parse(text)).toMatchObject({ status: 'ok' });
  });
});
