/**
 * Extended thinking: the reasoning text the simulator shows in a `thinking` block, and its
 * signature. The text is deterministic in the request; its size stays well inside the budget
 * (the real model rarely spends a whole budget on a short prompt).
 */
import { createHmac } from 'node:crypto';
import { prose, rng } from './text.ts';
import { CHARS_PER_TOKEN, textTokens } from './tokens.ts';
import type { Thinking } from './validate-tools.ts';

/** Thinking text for a request: 40 to 160 tokens, never over the budget nor `room`. */
export function thinkingText(thinking: Thinking, question: string, seed: number, room: number): string {
  const budget = thinking.type === 'enabled' ? thinking.budget_tokens : room;
  const target = Math.max(1, Math.min(budget, room, 40 + Math.floor(rng(seed ^ 0x7e1)() * 120)));
  const lead = question ? `The user asks: "${question.slice(0, 120)}". ` : '';
  const text = lead + prose(seed ^ 0x7e1, Math.max(1, target - textTokens(lead)));
  return textTokens(text) > target ? text.slice(0, target * CHARS_PER_TOKEN) : text;
}

/**
 * An opaque signature, as long as real ones (a few hundred base64 characters). Derived from the
 * text with a fixed key, so the same thinking always carries the same signature.
 */
export function thinkingSignature(text: string): string {
  let sig = '';
  for (let i = 0; i < 5; i++) sig += createHmac('sha256', `claude-canary-sim-${i}`).update(text).digest('base64');
  return sig;
}
