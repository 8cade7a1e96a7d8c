/**
 * The probe spec: one strict zod schema, the single source of truth for `defineProbe()`, loading
 * and types. Every option is documented with its default; see probes/*.probe.ts for examples.
 */
import { validateDetailed } from 'node-cron';
import { z } from 'zod';
import { ReplyRuleSchema } from '../../mocks/core/reply-rules.ts';
import { ExpectationsSchema } from '../quality/expectations.ts';
import { defaultCatalog } from '../shared/catalog.ts';

/** Defaults for optional probe options, in one place. */
export const PROBE_DEFAULTS = {
  /** Every 5 minutes. */
  schedule: '*/5 * * * *',
  max_tokens: 1024,
  stream: false,
  /** Total deadline of one run (all attempts), ms. */
  timeout_ms: 60_000,
  enabled: true,
} as const;

const SLUG = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const CacheControlSchema = z.strictObject({
  type: z.literal('ephemeral'),
  /** Cache lifetime; the API's default is 5 minutes. */
  ttl: z.enum(['5m', '1h']).optional(),
});

/** A text content block, optionally a prompt-cache breakpoint. */
const TextBlockSchema = z.strictObject({
  type: z.literal('text'),
  text: z.string().min(1),
  cache_control: CacheControlSchema.optional(),
});

const MessageSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string().min(1), z.array(TextBlockSchema).min(1)]),
});

/** A cron expression node-cron accepts (5 fields, or 6 with seconds first). */
const CronSchema = z.string().superRefine((expr, ctx) => {
  const v = validateDetailed(expr);
  if (v.valid) return;
  const detail = v.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  ctx.addIssue({ code: 'custom', message: `invalid cron expression "${expr}"${detail ? ` (${detail})` : ''}` });
});

const ModelIdSchema = z.string().superRefine((id, ctx) => {
  if (defaultCatalog.find(id)) return;
  const known = defaultCatalog.models.filter((m) => m.status !== 'retired').map((m) => m.aliases[0] ?? m.id);
  ctx.addIssue({ code: 'custom', message: `unknown model "${id}" (known: ${known.join(', ')})` });
});

export const ProbeSchema = z
  .strictObject({
    /** Unique slug: lower-case letters, digits, `-`, `_`; at most 63 characters. Required. */
    id: z.string().regex(SLUG, { message: 'must be a slug: lower-case letters, digits, "-" and "_", at most 63 characters' }),
    /** What the probe checks and why, for humans reading results and alerts. Required. */
    description: z.string().min(1),
    /** Cron expression (node-cron: 5 fields, or 6 with seconds). Default `*\/5 * * * *`. */
    schedule: CronSchema.default(PROBE_DEFAULTS.schedule),
    /** Model id or alias, or several: each model runs as its own series. Required. */
    model: z.union([ModelIdSchema, z.array(ModelIdSchema).min(1)]),
    /** System prompt: a string, or text blocks (which may carry `cache_control`). Default none. */
    system: z.union([z.string().min(1), z.array(TextBlockSchema).min(1)]).optional(),
    /** The conversation, first turn from the user. Exactly one of `messages` and `prompt`. */
    messages: z.array(MessageSchema).min(1).optional(),
    /** Shorthand for one user message. Exactly one of `messages` and `prompt`. */
    prompt: z.string().min(1).optional(),
    /** Output token limit; at most each model's maximum output. Default 1024. */
    max_tokens: z.number().int().positive().default(PROBE_DEFAULTS.max_tokens),
    /** Stream the response (needed to measure time to first token). Default false. */
    stream: z.boolean().default(PROBE_DEFAULTS.stream),
    /** Total deadline of one run, all attempts included, ms. Default 60000. */
    timeout_ms: z.number().int().positive().default(PROBE_DEFAULTS.timeout_ms),
    /** Free-form labels for filtering and reports. Default []. */
    tags: z.array(z.string().regex(SLUG, { message: 'tags must be slugs' })).default([]),
    /** Quality checks, flags that fail the run, assertions. Default: every check on, every flag fails. */
    expectations: ExpectationsSchema.default({}),
    /** Top-level automatic prompt caching (the API's `cache_control`). Default none. */
    cache_control: CacheControlSchema.optional(),
    /**
     * Reply rules for a dry run offline: used only when the target is the built-in simulator
     * (ignored against the real API), so the probe's assertions meet the answer they expect.
     * Same shape as the simulator plan's `replies`. Default none.
     */
    replies: z.array(ReplyRuleSchema).optional(),
    /** A disabled probe is loaded and validated but never scheduled or run. Default true. */
    enabled: z.boolean().default(PROBE_DEFAULTS.enabled),
  })
  .superRefine(
    (p, ctx) => {
      // Runs even when fields above failed (so every problem is reported at once): read defensively.
      const raw = p as Partial<Record<keyof typeof p, unknown>>;
      const hasMessages = raw.messages !== undefined;
      const hasPrompt = raw.prompt !== undefined;
      if (hasMessages === hasPrompt) {
        ctx.addIssue({ code: 'custom', path: [], message: hasPrompt ? 'give either messages or prompt, not both' : 'give messages or prompt (exactly one)' });
      }
      if (Array.isArray(raw.messages) && (raw.messages[0] as { role?: unknown } | undefined)?.role === 'assistant') {
        ctx.addIssue({ code: 'custom', path: ['messages', 0, 'role'], message: 'the first message must come from the user' });
      }
      const models = typeof raw.model === 'string' ? [raw.model] : Array.isArray(raw.model) ? raw.model : [];
      const seen = new Set<string>();
      models.forEach((m, i) => {
        if (typeof m !== 'string') return;
        const info = defaultCatalog.find(m);
        const path = typeof raw.model === 'string' ? ['model'] : ['model', i];
        if (info && seen.has(info.id)) ctx.addIssue({ code: 'custom', path, message: `model "${m}" is listed twice` });
        if (info) seen.add(info.id);
        const maxTokens = raw.max_tokens ?? PROBE_DEFAULTS.max_tokens;
        if (info && typeof maxTokens === 'number' && maxTokens > info.max_output) {
          ctx.addIssue({ code: 'custom', path: ['max_tokens'], message: `max_tokens ${maxTokens} exceeds ${info.id}'s maximum output of ${info.max_output}` });
        }
      });
    },
    { when: () => true },
  );

/** A probe as written (defaults not yet applied). */
export type ProbeInput = z.input<typeof ProbeSchema>;
/** A validated probe with every default applied. */
export type Probe = z.output<typeof ProbeSchema>;

/** The model ids a probe runs against, one series each, in the order given. */
export function probeModels(probe: Pick<Probe, 'model'>): string[] {
  return typeof probe.model === 'string' ? [probe.model] : [...probe.model];
}

/** The messages to send: `messages` as given, or `prompt` as one user message. */
export function probeMessages(probe: Pick<Probe, 'messages' | 'prompt'>): z.output<typeof MessageSchema>[] {
  return probe.messages ?? [{ role: 'user', content: probe.prompt ?? '' }];
}
