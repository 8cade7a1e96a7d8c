/**
 * JSON answers that follow the shape a prompt asks for. Prompts for structured output usually
 * show a template such as `{"colours": [{"name": string, "hex": string}], "count": number}`; the
 * simulator fills it in deterministically (arrays get as many items as the prompt's number word
 * says, a `count`/`total` field counts its sibling array, `hex`/`colour` strings look like
 * `#1A2B3C`). Without a template it answers a generic status object.
 */
import { rng } from './text.ts';

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const NAMES = ['red', 'green', 'blue', 'amber', 'violet', 'cyan', 'magenta', 'indigo', 'teal', 'coral'];

/** The first balanced `{...}` in the prompt, parsed with bare type names as placeholders. */
export function extractTemplate(prompt: string): unknown {
  const start = prompt.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start; i < prompt.length; i++) {
    const c = prompt[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      const raw = prompt.slice(start, i + 1).replace(/(?<=[:\[,]\s*)(string|number|integer|boolean)(?=\s*[,\]}])/g, '"<$1>"');
      try {
        return JSON.parse(raw);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function itemCount(prompt: string): number {
  const m = /\b(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b/i.exec(prompt);
  if (!m) return 2;
  const w = m[1]!.toLowerCase();
  return NUMBER_WORDS[w] ?? Math.min(20, Math.max(1, Number(w)));
}

export function fillTemplate(template: unknown, prompt: string, seed: number): unknown {
  const r = rng(seed);
  const n = itemCount(prompt);
  let serial = 0;
  const fill = (t: unknown, key: string): unknown => {
    if (Array.isArray(t)) return t.length === 0 ? [] : Array.from({ length: n }, () => fill(t[0], key));
    if (t && typeof t === 'object') {
      const obj = t as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) out[k] = fill(v, k);
      for (const [k, v] of Object.entries(obj)) {
        if (v === '<number>' || v === '<integer>') {
          const arr = Object.values(out).find(Array.isArray) as unknown[] | undefined;
          if (/count|total|number|size|length/i.test(k) && arr) out[k] = arr.length;
        }
      }
      return out;
    }
    switch (t) {
      case '<string>':
        if (/hex|colou?r|rgb/i.test(key)) return `#${Math.floor(r() * 0xffffff).toString(16).toUpperCase().padStart(6, '0')}`;
        if (/name|label|title/i.test(key)) return NAMES[serial++ % NAMES.length];
        if (/id$/i.test(key)) return `id-${++serial}`;
        return `${NAMES[Math.floor(r() * NAMES.length)]} value`;
      case '<number>':
        return Math.round(r() * 1000) / 10;
      case '<integer>':
        return Math.floor(r() * 100);
      case '<boolean>':
        return true;
      default:
        return t;
    }
  };
  return fill(template, '');
}
