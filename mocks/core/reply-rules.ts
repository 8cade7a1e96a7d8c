/**
 * Reply rules: canned answers for requests that match, so a test (or a probe dry-run offline) gets
 * the answer it needs instead of generated text. The first rule that matches wins; with none, the
 * simulator answers as before (grounded generated text). Part of the plan (`plan.replies`), so
 * rules can be set from code, in a plan file, or over HTTP (`PUT /__canary/plan`).
 */
import { z } from 'zod';

/** Text condition: `contains` (a substring) and/or `regex` (a JavaScript pattern); both must hold. */
export const TextMatchSchema = z
  .strictObject({
    contains: z.string().min(1).optional(),
    regex: z
      .string()
      .min(1)
      .refine(
        (s) => {
          try {
            new RegExp(s);
            return true;
          } catch {
            return false;
          }
        },
        { message: 'not a valid regular expression' },
      )
      .optional(),
    /** Case-insensitive `contains` and `regex`. Default false. */
    ignore_case: z.boolean().optional(),
  })
  .refine((m) => m.contains !== undefined || m.regex !== undefined, { message: 'give contains or regex' });
export type TextMatch = z.infer<typeof TextMatchSchema>;

export const ReplyWhenSchema = z.strictObject({
  /** Model id or alias the request names (compared after resolving aliases). */
  model: z.string().min(1).optional(),
  /** Condition on the system prompt (its text blocks joined by newlines). */
  system: TextMatchSchema.optional(),
  /** Condition on the text of the last user turn. */
  last_user: TextMatchSchema.optional(),
  /** Every named tool must be offered in the request's `tools`. */
  tools: z.array(z.string().min(1)).min(1).optional(),
});

const STOP_REASONS = ['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal'] as const;

export const ReplySchema = z
  .strictObject({
    /** The answer's text. */
    text: z.string().optional(),
    /** A value sent as its JSON text (instead of `text`). */
    json: z.unknown().optional(),
    /** A `tool_use` block after any text (`input` default `{}`); `stop_reason` becomes `tool_use` unless given. */
    tool_use: z.strictObject({ name: z.string().min(1), input: z.record(z.string(), z.unknown()).optional() }).optional(),
    /** Stop reason; default `tool_use` with a tool_use block, else `end_turn`. */
    stop_reason: z.enum(STOP_REASONS).optional(),
  })
  .refine((r) => !(r.text !== undefined && r.json !== undefined), { message: 'give text or json, not both', path: ['json'] })
  .refine((r) => r.text !== undefined || r.json !== undefined || r.tool_use !== undefined || r.stop_reason !== undefined, {
    message: 'give at least one of text, json, tool_use, stop_reason',
  });
export type RuledReply = z.infer<typeof ReplySchema>;

export const ReplyRuleSchema = z.strictObject({
  /** Shown in the request journal (`reply_rule`) when the rule answers. Default: its index. */
  name: z.string().min(1).optional(),
  /** Conditions, all of which must hold; none = every Messages request. */
  when: ReplyWhenSchema.optional(),
  reply: ReplySchema,
});
export type ReplyRule = z.infer<typeof ReplyRuleSchema>;

/** What a rule looks at in a request. */
export interface ReplyFacts {
  /** Resolved model id. */
  model: string;
  system: string;
  lastUser: string;
  toolNames: readonly string[];
}

type Test = (s: string) => boolean;

function compileText(m: TextMatch): Test {
  const re = m.regex !== undefined ? new RegExp(m.regex, m.ignore_case ? 'i' : '') : undefined;
  const needle = m.contains !== undefined ? (m.ignore_case ? m.contains.toLowerCase() : m.contains) : undefined;
  return (s) => {
    if (needle !== undefined && !(m.ignore_case ? s.toLowerCase() : s).includes(needle)) return false;
    return re === undefined || re.test(s);
  };
}

export interface ReplyMatch {
  rule: ReplyRule;
  /** `name`, or `#<index>` for an unnamed rule. */
  label: string;
}

/** Rules compiled once per plan (regexes built, aliases resolved). */
export function compileReplyRules(rules: readonly ReplyRule[], resolveModel: (m: string) => string): (f: ReplyFacts) => ReplyMatch | undefined {
  const compiled = rules.map((rule, i) => {
    const w = rule.when ?? {};
    const tests: Array<(f: ReplyFacts) => boolean> = [];
    if (w.model !== undefined) {
      const id = resolveModel(w.model);
      tests.push((f) => f.model === id);
    }
    if (w.system) {
      const t = compileText(w.system);
      tests.push((f) => t(f.system));
    }
    if (w.last_user) {
      const t = compileText(w.last_user);
      tests.push((f) => t(f.lastUser));
    }
    if (w.tools) {
      const names = w.tools;
      tests.push((f) => names.every((n) => f.toolNames.includes(n)));
    }
    return { match: { rule, label: rule.name ?? `#${i}` }, tests };
  });
  return (f) => compiled.find((c) => c.tests.every((t) => t(f)))?.match;
}
