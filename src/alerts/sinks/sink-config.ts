/** Sink and delivery settings (zod), with their defaults. */
import { z } from 'zod';

/** Defaults for outbox delivery. */
export const DELIVERY_DEFAULTS = {
  /** Attempts before a notification is dead-lettered. */
  max_attempts: 10,
  /** First retry delay; doubles each attempt. */
  base_backoff_ms: 1_000,
  /** Retry delay cap. */
  max_backoff_ms: 300_000,
  /** Per-request timeout (the whole HTTP exchange). A row's lease lasts twice this. */
  timeout_ms: 10_000,
  /**
   * How often a sink with dead letters and nothing else to send is probed with its oldest dead
   * letter. Any success to the sink (probe or not) puts all its dead letters back in line.
   */
  dead_letter_retry_ms: 300_000,
  /** Notifications per sink per delivery round. */
  batch: 50,
} as const;

export const DeliveryOptionsSchema = z.strictObject({
  max_attempts: z.number().int().min(1).max(1000).default(DELIVERY_DEFAULTS.max_attempts),
  base_backoff_ms: z.number().int().min(0).default(DELIVERY_DEFAULTS.base_backoff_ms),
  max_backoff_ms: z.number().int().min(0).default(DELIVERY_DEFAULTS.max_backoff_ms),
  timeout_ms: z.number().int().min(1).default(DELIVERY_DEFAULTS.timeout_ms),
  dead_letter_retry_ms: z.number().int().min(1).default(DELIVERY_DEFAULTS.dead_letter_retry_ms),
  batch: z.number().int().min(1).max(10_000).default(DELIVERY_DEFAULTS.batch),
});
export type DeliveryOptions = z.output<typeof DeliveryOptionsSchema>;

const Name = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a short name like ops-slack');
const Url = z.url({ protocol: /^https?$/ });

export const SinkConfigSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('console'), name: Name.default('console') }),
  z.strictObject({
    type: z.literal('webhook'),
    name: Name,
    url: Url,
    /** Extra request headers (e.g. an Authorization token). */
    headers: z.record(z.string(), z.string()).default({}),
  }),
  z.strictObject({ type: z.literal('slack'), name: Name, url: Url }),
]);
export type SinkConfig = z.output<typeof SinkConfigSchema>;
