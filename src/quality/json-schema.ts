/**
 * A small JSON Schema subset for the `json` assertion, validated itself by zod so an unsupported
 * keyword is a load-time problem, not a silent pass. Supported: `type` (one or a list of
 * object, array, string, number, integer, boolean, null), `properties`, `required`,
 * `additionalProperties` (boolean), `items`, `enum`, `const`, `minItems`, `maxItems`,
 * `minLength`, `maxLength`, `minimum`, `maximum`, `pattern`, `description`.
 *
 * Bounds are inclusive (`minimum: 0` accepts 0). `pattern` runs in Unicode mode and is not
 * anchored. Each keyword applies to its own JSON type only (`minLength` to strings, `minItems` to
 * arrays, `required` to objects, and so on) and is ignored for other values, as in JSON Schema.
 * `required` and `properties` look at own keys only: `{}` has no property "constructor".
 */
import { z } from 'zod';

const TYPES = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'] as const;
type JsonType = (typeof TYPES)[number];

export interface JsonSchema {
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  description?: string;
}

const n = z.number().int().nonnegative().optional();
/** At module level, not inside the lazy schema: built once at import, so every test that parses sees it. */
const enumValues = z.array(z.unknown()).min(1).optional();
export const JsonSchemaSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.strictObject({
    type: z.union([z.enum(TYPES), z.array(z.enum(TYPES)).min(1)]).optional(),
    properties: z.record(z.string(), JsonSchemaSchema).optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.boolean().optional(),
    items: JsonSchemaSchema.optional(),
    enum: enumValues,
    const: z.unknown().optional(),
    minItems: n,
    maxItems: n,
    minLength: n,
    maxLength: n,
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    pattern: z
      .string()
      .superRefine((p, ctx) => {
        const why = regexError(p);
        if (why !== null) ctx.addIssue({ code: 'custom', message: `pattern is not a valid regular expression (${why})` });
      })
      .optional(),
    description: z.string().optional(),
  }),
);

/** Why `pattern` does not compile in Unicode mode (the engine's message), or null when it does. */
function regexError(pattern: string): string | null {
  try {
    new RegExp(pattern, 'u');
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function typeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v as JsonType;
}

function matchesType(v: unknown, t: JsonType): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

const show = (v: unknown) => JSON.stringify(v)?.slice(0, 60) ?? String(v);

/** Validates a parsed JSON value; returns one message per violation, each with its `$` path. */
export function validateJson(value: unknown, schema: JsonSchema, path = '$'): string[] {
  const errors: string[] = [];
  const fail = (m: string) => errors.push(`${path}: ${m}`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(value, t))) {
      fail(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
      return errors;
    }
  }
  if (schema.const !== undefined && JSON.stringify(value) !== JSON.stringify(schema.const)) {
    fail(`expected ${show(schema.const)}, got ${show(value)}`);
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    fail(`expected one of ${schema.enum.map(show).join(', ')}, got ${show(value)}`);
  }
  if (typeof value === 'string') {
    if (value.length < (schema.minLength ?? 0)) fail(`expected length >= ${schema.minLength}, got ${value.length}`);
    if (value.length > (schema.maxLength ?? Infinity)) fail(`expected length <= ${schema.maxLength}, got ${value.length}`);
    // Stryker disable next-line ConditionalExpression: without a pattern the empty one would match every string (a RegExp built per value for nothing)
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) fail(`expected to match /${schema.pattern}/, got ${show(value)}`);
  }
  if (typeof value === 'number') {
    if (value < (schema.minimum ?? -Infinity)) fail(`expected >= ${schema.minimum}, got ${value}`);
    if (value > (schema.maximum ?? Infinity)) fail(`expected <= ${schema.maximum}, got ${value}`);
  }
  if (Array.isArray(value)) {
    if (value.length < (schema.minItems ?? 0)) fail(`expected at least ${schema.minItems} items, got ${value.length}`);
    if (value.length > (schema.maxItems ?? Infinity)) fail(`expected at most ${schema.maxItems} items, got ${value.length}`);
    if (schema.items) value.forEach((item, i) => errors.push(...validateJson(item, schema.items!, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    // Own keys only: `{}` has no "constructor" property, whatever its prototype says.
    for (const key of schema.required ?? []) if (!Object.hasOwn(obj, key)) fail(`expected property "${key}"`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (sub) errors.push(...validateJson(v, sub, `${path}.${key}`));
      else if (schema.additionalProperties === false) fail(`unexpected property "${key}"`);
    }
  }
  return errors;
}
