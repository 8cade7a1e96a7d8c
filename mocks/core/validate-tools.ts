/**
 * Validation of tool use and extended thinking, as the API does it: `tools`, `tool_choice`,
 * `thinking`, and the pairing of `tool_use` and `tool_result` blocks across turns. Wording from
 * the API's own 400s where known (api-facts.md §4.4, and the messages users report verbatim).
 */

export interface ToolDef {
  name: string;
  input_schema?: Record<string, unknown>;
}

export type ToolChoice = { type: 'auto' | 'any' | 'none' } | { type: 'tool'; name: string };

/** `enabled` with its budget, or `adaptive` (the model decides how much to think). */
export type Thinking = { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' };

export interface ToolFacts {
  tool_defs?: ToolDef[];
  tool_choice?: ToolChoice;
  thinking?: Thinking;
  /** The last user turn carries `tool_result` blocks (the model continues after a tool call). */
  after_tool_result: boolean;
}

export const MIN_THINKING_BUDGET = 1024;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const tagError = (field: string, tag: unknown, tags: readonly string[]) =>
  `${field}: Input tag '${String(tag)}' found using 'type' does not match any of the expected tags: ${tags.map((t) => `'${t}'`).join(', ')}`;

function checkTools(tools: unknown[]): string | ToolDef[] {
  const out: ToolDef[] = [];
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    if (!isObj(t)) return `tools.${i}: Input should be a valid dictionary`;
    if (typeof t['name'] !== 'string' || t['name'] === '') return `tools.${i}.name: Field required`;
    // Typed server tools (web_search_..., bash_...) carry a `type` and no schema; client tools need one.
    if (t['type'] === undefined || t['type'] === 'custom') {
      if (!isObj(t['input_schema'])) return `tools.${i}.custom.input_schema: Field required`;
    }
    if (out.some((o) => o.name === t['name'])) return `tools: Tool names must be unique.`;
    out.push({ name: t['name'], ...(isObj(t['input_schema']) ? { input_schema: t['input_schema'] } : {}) });
  }
  return out;
}

function checkToolChoice(raw: unknown, tools: ToolDef[] | undefined): string | ToolChoice {
  if (!isObj(raw)) return 'tool_choice: Input should be a valid dictionary';
  const type = raw['type'];
  if (type !== 'auto' && type !== 'any' && type !== 'tool' && type !== 'none') return tagError('tool_choice', type, ['auto', 'any', 'tool', 'none']);
  if (!tools || tools.length === 0) return 'tool_choice may only be specified while providing tools.';
  if (type !== 'tool') return { type };
  const name = raw['name'];
  if (typeof name !== 'string') return 'tool_choice.tool.name: Field required';
  // Wording for an unknown name not confirmed against the API; it does reject it with a 400.
  if (!tools.some((t) => t.name === name)) return `tool_choice.tool.name: Tool '${name}' not found in provided tools`;
  return { type, name };
}

function checkThinking(raw: unknown, maxTokens: number, forCount: boolean): string | Thinking | undefined {
  if (!isObj(raw)) return 'thinking: Input should be a valid dictionary';
  const type = raw['type'];
  if (type === 'disabled') return undefined;
  if (type === 'adaptive') return { type };
  if (type !== 'enabled') return tagError('thinking', type, ['enabled', 'disabled', 'adaptive']);
  const b = raw['budget_tokens'];
  if (b === undefined) return 'thinking.enabled.budget_tokens: Field required';
  if (typeof b !== 'number' || !Number.isInteger(b)) return 'thinking.enabled.budget_tokens: Input should be a valid integer';
  if (b < MIN_THINKING_BUDGET) return `thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_THINKING_BUDGET}`;
  if (!forCount && b >= maxTokens) {
    return '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size';
  }
  return { type, budget_tokens: b };
}

function blocksOf(content: unknown): Record<string, unknown>[] {
  return Array.isArray(content) ? content.filter(isObj) : [];
}

/** tool_use / tool_result blocks well formed, and each tool_result answering the previous turn's tool_use. */
function checkPairing(messages: Array<{ role: string; content: unknown }>): string | undefined {
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    const blocks = blocksOf(m.content);
    for (let k = 0; k < blocks.length; k++) {
      const b = blocks[k]!;
      if (b['type'] === 'tool_use') {
        for (const f of ['id', 'name', 'input'] as const) if (b[f] === undefined) return `messages.${i}.content.${k}.tool_use.${f}: Field required`;
      } else if (b['type'] === 'tool_result' && typeof b['tool_use_id'] !== 'string') {
        return `messages.${i}.content.${k}.tool_result.tool_use_id: Field required`;
      } else if (b['type'] === 'thinking' && (typeof b['thinking'] !== 'string' || typeof b['signature'] !== 'string')) {
        return `messages.${i}.content.${k}.thinking.${typeof b['thinking'] !== 'string' ? 'thinking' : 'signature'}: Field required`;
      }
    }
    if (m.role === 'user') {
      const prev = i > 0 && messages[i - 1]!.role === 'assistant' ? blocksOf(messages[i - 1]!.content) : [];
      const asked = new Set(prev.filter((b) => b['type'] === 'tool_use').map((b) => b['id']));
      for (let k = 0; k < blocks.length; k++) {
        const b = blocks[k]!;
        if (b['type'] === 'tool_result' && !asked.has(b['tool_use_id'])) {
          return `messages.${i}.content.${k}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(b['tool_use_id'])}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
      }
    } else if (i < messages.length - 1) {
      const ids = blocks.filter((b) => b['type'] === 'tool_use').map((b) => String(b['id']));
      const answered = new Set(blocksOf(messages[i + 1]!.content).filter((b) => b['type'] === 'tool_result').map((b) => b['tool_use_id']));
      const missing = ids.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
      }
    }
  }
  return undefined;
}

/** Validates the tool and thinking parts of a request body; a string is the 400's message. */
export function validateToolsAndThinking(
  body: Record<string, unknown>,
  messages: Array<{ role: string; content: unknown }>,
  maxTokens: number,
  forCount: boolean,
): string | ToolFacts {
  let tools: ToolDef[] | undefined;
  if (Array.isArray(body['tools'])) {
    const t = checkTools(body['tools']);
    if (typeof t === 'string') return t;
    tools = t;
  }
  let toolChoice: ToolChoice | undefined;
  if (body['tool_choice'] !== undefined) {
    const c = checkToolChoice(body['tool_choice'], tools);
    if (typeof c === 'string') return c;
    toolChoice = c;
  }
  let thinking: Thinking | undefined;
  if (body['thinking'] !== undefined) {
    const t = checkThinking(body['thinking'], maxTokens, forCount);
    if (typeof t === 'string') return t;
    thinking = t;
  }
  if (thinking && (toolChoice?.type === 'any' || toolChoice?.type === 'tool')) return 'Thinking may not be enabled when tool_choice forces tool use.';
  const pairing = checkPairing(messages);
  if (pairing) return pairing;
  const last = messages[messages.length - 1];
  const afterToolResult = last?.role === 'user' && blocksOf(last.content).some((b) => b['type'] === 'tool_result');
  return {
    ...(tools ? { tool_defs: tools } : {}),
    ...(toolChoice ? { tool_choice: toolChoice } : {}),
    ...(thinking ? { thinking } : {}),
    after_tool_result: afterToolResult,
  };
}
