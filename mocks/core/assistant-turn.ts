/**
 * The assistant turn for a valid request: its content blocks (thinking, text, tool_use), stop
 * reason and output tokens. A matching reply rule gives the answer; otherwise the generated,
 * grounded reply (reply.ts), a tool call when tool_choice or the prompt asks for one, and a
 * thinking block when thinking is on. Thinking tokens are billed as output tokens, as the API does.
 */
import type { Reply } from './reply.ts';
import type { RuledReply } from './reply-rules.ts';
import { thinkingSignature, thinkingText } from './thinking.ts';
import { sampleInput, toolToCall } from './tool-input.ts';
import { CHARS_PER_TOKEN, textTokens } from './tokens.ts';
import type { MessagesRequest } from './validate.ts';

export type TurnBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown>; caller: { type: 'direct' } };

export type StopReason = Reply['stop_reason'] | 'tool_use' | 'pause_turn';

export interface Turn {
  blocks: TurnBlock[];
  stop_reason: StopReason;
  stop_sequence: string | null;
  stop_details: Reply['stop_details'];
  output_tokens: number;
  /** Of `output_tokens`, those spent thinking (reported in `usage.output_tokens_details`). */
  thinking_tokens: number;
}

/** Output tokens of a tool_use block: its input's JSON plus the block's framing. */
const toolTokens = (input: unknown) => textTokens(JSON.stringify(input)) + 8;

export function buildTurn(
  req: MessagesRequest,
  seed: number,
  rule: RuledReply | undefined,
  newToolId: () => string,
  /** The generated reply for a request (memoised by the caller); `max_tokens` is what thinking left. */
  generate: (req: MessagesRequest) => Reply,
): Turn {
  const blocks: TurnBlock[] = [];
  let thinkingTokens = 0;
  if (req.thinking) {
    // Leave at least a quarter of max_tokens for the answer.
    const text = thinkingText(req.thinking, req.last_user_text, seed, Math.max(1, Math.floor(req.max_tokens * 0.75)));
    blocks.push({ type: 'thinking', thinking: text, signature: thinkingSignature(text) });
    thinkingTokens = textTokens(text);
  }
  const room = Math.max(0, req.max_tokens - thinkingTokens);
  const toolUse = (name: string, input: Record<string, unknown>): TurnBlock => ({ type: 'tool_use', id: newToolId(), name, input, caller: { type: 'direct' } });

  let text: string;
  let stop: StopReason;
  let stopSequence: string | null = null;
  let stopDetails: Reply['stop_details'] = null;
  let tool: TurnBlock | undefined;
  const call = rule ? undefined : toolToCall(req);
  if (rule) {
    text = rule.json !== undefined ? JSON.stringify(rule.json) : (rule.text ?? '');
    if (rule.tool_use) tool = toolUse(rule.tool_use.name, rule.tool_use.input ?? {});
    stop = rule.stop_reason ?? (tool ? 'tool_use' : 'end_turn');
    if (textTokens(text) > room) {
      text = text.slice(0, room * CHARS_PER_TOKEN);
      stop = 'max_tokens';
      tool = undefined;
    }
  } else if (call) {
    // A forced call (tool_choice any/tool) comes without preamble; an `auto` one says what it does.
    text = call.forced ? '' : `I'll use the ${call.tool.name} tool for this.`;
    tool = toolUse(call.tool.name, sampleInput(call.tool.input_schema, req.last_user_text));
    stop = 'tool_use';
  } else {
    const r = generate(room === req.max_tokens ? req : { ...req, max_tokens: room });
    text = r.text;
    stop = r.stop_reason;
    stopSequence = r.stop_sequence;
    stopDetails = r.stop_details;
  }
  const refusedEmpty = stop === 'refusal' && text === '';
  if (text !== '' || (!tool && !refusedEmpty)) blocks.push({ type: 'text', text });
  if (tool) blocks.push(tool);
  const outputTokens = thinkingTokens + textTokens(text) + (tool && tool.type === 'tool_use' ? toolTokens(tool.input) : 0);
  // The API reports at least one output token, even for an empty reply.
  return { blocks, stop_reason: stop, stop_sequence: stopSequence, stop_details: stopDetails, output_tokens: Math.max(1, outputTokens), thinking_tokens: thinkingTokens };
}
