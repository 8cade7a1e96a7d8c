/**
 * Tool calls the simulator makes on its own (no reply rule): which tool, and an `input` that
 * satisfies the tool's `input_schema` (required properties filled by type, enums by their first
 * value), so user code that validates tool inputs accepts it.
 */
import type { MessagesRequest } from './validate.ts';
import type { ToolDef } from './validate-tools.ts';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The tool the model calls for this request, if any (tool_choice, then a tool named in the prompt). */
export function toolToCall(req: MessagesRequest): { tool: ToolDef; forced: boolean } | undefined {
  const tools = req.tool_defs;
  if (!tools || tools.length === 0) return undefined;
  const choice = req.tool_choice;
  if (choice?.type === 'tool') return { tool: tools.find((t) => t.name === choice.name)!, forced: true };
  if (choice?.type === 'any') return { tool: tools[0]!, forced: true };
  if (choice?.type === 'none' || req.after_tool_result) return undefined;
  // `auto`: call a tool the user's message names ("get_weather" or "get weather").
  const said = req.last_user_text.toLowerCase();
  const tool = tools.find((t) => said.includes(t.name.toLowerCase()) || said.includes(t.name.toLowerCase().replace(/_/g, ' ')));
  return tool ? { tool, forced: false } : undefined;
}

function sample(schema: unknown, key: string, prompt: string): unknown {
  if (!isObj(schema)) return 'example';
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  if ('const' in schema) return schema['const'];
  if ('default' in schema) return schema['default'];
  const type = Array.isArray(schema['type']) ? schema['type'][0] : schema['type'];
  switch (type) {
    case 'integer':
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean':
      return true;
    case 'array':
      return schema['minItems'] && isObj(schema['items']) ? [sample(schema['items'], key, prompt)] : [];
    case 'object':
      return sampleInput(schema, prompt);
    default:
      return /query|search|question|text|prompt/i.test(key) && prompt ? prompt.slice(0, 100) : 'example';
  }
}

/** An input object for a JSON schema: every required property, and no others. */
export function sampleInput(schema: Record<string, unknown> | undefined, prompt: string): Record<string, unknown> {
  const props = schema && isObj(schema['properties']) ? schema['properties'] : {};
  const required = schema && Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
  const out: Record<string, unknown> = {};
  for (const k of required) out[k] = sample(props[k], k, prompt);
  return out;
}
