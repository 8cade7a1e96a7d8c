/**
 * Captured content in the GenAI conventions' own shapes (opt-in only): Anthropic messages,
 * system prompt, response and tools mapped to the `parts` format of the conventions' JSON schemas
 * (`gen-ai-input-messages.json`, `gen-ai-output-messages.json`, `gen-ai-system-instructions.json`;
 * a copy with its source is in test/fixtures/semconv/). Pure functions over plain JSON: no OTel
 * SDK, no I/O. Nothing here runs unless the caller turned content capture on.
 */

/** One message part (`text`, `tool_call`, `tool_call_response`, `reasoning`, `blob`, `uri`, `file`, `server_tool_call`, ...). */
export type Part = { type: string } & Record<string, unknown>;

/** An input message of `gen_ai.input.messages` (schema `ChatMessage`). */
export interface ChatMessage {
  role: string;
  parts: Part[];
}

/** An output message of `gen_ai.output.messages` (schema `OutputMessage`): `finish_reason` is required. */
export interface OutputMessage extends ChatMessage {
  finish_reason: string;
}

type Block = { type?: unknown } & Record<string, unknown>;

/**
 * Anthropic `stop_reason` to the conventions' `FinishReason` (stop, length, content_filter,
 * tool_call, error). A reason without an equivalent (`pause_turn`) is kept as it is: the schema
 * allows any string beside the enum.
 */
export const FINISH_REASON: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_call',
  refusal: 'content_filter',
};

/** The conventions' finish reason for an Anthropic stop reason (`error` when the call failed, no stop reason). */
export function finishReason(stopReason: string | null | undefined): string {
  if (!stopReason) return 'error';
  return FINISH_REASON[stopReason] ?? stopReason;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

/** An image or document source: inline bytes (`blob`), a URL (`uri`), an uploaded file (`file`), or inline text. */
function sourcePart(modality: 'image' | 'document', source: unknown): Part {
  const s = (source && typeof source === 'object' ? source : {}) as Record<string, unknown>;
  switch (s['type']) {
    case 'base64':
      return { type: 'blob', modality, mime_type: typeof s['media_type'] === 'string' ? s['media_type'] : null, content: str(s['data']) };
    case 'url':
      return { type: 'uri', modality, uri: str(s['url']) };
    case 'file':
      return { type: 'file', modality, file_id: str(s['file_id']) };
    case 'text':
      return { type: 'text', content: str(s['data']) };
    default:
      return { type: modality, source: s };
  }
}

/** A tool result's content as the response: its text when it is all text, else the blocks mapped to parts. */
function toolResponse(content: unknown): unknown {
  if (!Array.isArray(content)) return content ?? '';
  const parts = content.map((b) => blockPart(b as Block));
  return parts.every((p) => p.type === 'text') ? parts.map((p) => p['content']).join('') : parts;
}

/** One Anthropic content block (request or response) as a part. */
export function blockPart(b: Block): Part {
  switch (b.type) {
    case 'text':
      return { type: 'text', content: str(b['text']) };
    case 'thinking':
      return { type: 'reasoning', content: str(b['thinking']) };
    case 'redacted_thinking':
      // Encrypted reasoning: the part is kept (it happened) without its opaque payload.
      return { type: 'reasoning', content: '', redacted: true };
    case 'tool_use':
      return { type: 'tool_call', id: typeof b['id'] === 'string' ? b['id'] : null, name: str(b['name']), arguments: b['input'] ?? null };
    case 'tool_result':
      return {
        type: 'tool_call_response',
        id: typeof b['tool_use_id'] === 'string' ? b['tool_use_id'] : null,
        response: toolResponse(b['content']),
        ...(b['is_error'] === true && { is_error: true }),
      };
    case 'server_tool_use':
    case 'mcp_tool_use':
      return {
        type: 'server_tool_call',
        id: typeof b['id'] === 'string' ? b['id'] : null,
        name: str(b['name']),
        server_tool_call: { type: str(b['name']) || String(b.type), arguments: b['input'] ?? null },
      };
    case 'image':
      return sourcePart('image', b['source']);
    case 'document':
      return sourcePart('document', b['source']);
    default: {
      if (typeof b.type === 'string' && b.type.endsWith('_tool_result')) {
        return {
          type: 'server_tool_call_response',
          id: typeof b['tool_use_id'] === 'string' ? b['tool_use_id'] : null,
          server_tool_call_response: { type: b.type, content: b['content'] ?? null },
        };
      }
      // A block type this mapping does not know: kept whole, under its own type (GenericPart).
      return { ...b, type: typeof b.type === 'string' ? b.type : 'unknown' };
    }
  }
}

function contentParts(content: unknown): Part[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  return content.map((b) => (typeof b === 'string' ? { type: 'text', content: b } : blockPart(b as Block)));
}

/** `gen_ai.input.messages`: the request's messages, each `{ role, parts }`. */
export function inputMessages(messages: ReadonlyArray<{ role: string; content: unknown }>): ChatMessage[] {
  return messages.map((m) => ({ role: m.role, parts: contentParts(m.content) }));
}

/** `gen_ai.system_instructions`: the system prompt as parts (a string is one text part). */
export function systemInstructions(system: unknown): Part[] {
  return contentParts(system);
}

/** `gen_ai.output.messages`: the response as one assistant message with its finish reason. */
export function outputMessages(message: { role?: string; content: ReadonlyArray<unknown>; stop_reason?: string | null }): OutputMessage[] {
  return [{ role: message.role ?? 'assistant', parts: contentParts(message.content), finish_reason: finishReason(message.stop_reason) }];
}

/**
 * `gen_ai.tool.definitions`: client tools as `{ type: 'function', name, description, parameters }`
 * (their JSON schema), server tools (web search, code execution, ...) as `{ type, name }`.
 */
export function toolDefinitions(tools: ReadonlyArray<unknown>): Array<Record<string, unknown>> {
  return tools.map((t) => {
    const d = (t && typeof t === 'object' ? t : {}) as Record<string, unknown>;
    if (d['input_schema'] !== undefined && (d['type'] === undefined || d['type'] === 'custom')) {
      return { type: 'function', name: str(d['name']), ...(typeof d['description'] === 'string' && { description: d['description'] }), parameters: d['input_schema'] };
    }
    return { type: str(d['type']) || 'function', name: str(d['name']) };
  });
}

/** `gen_ai.output.type` for a request: `json` with a structured-output format, else `text`. */
export function outputType(params: { output_config?: unknown }): 'text' | 'json' {
  const format = (params.output_config as { format?: unknown } | undefined)?.format;
  return format !== undefined && format !== null ? 'json' : 'text';
}
