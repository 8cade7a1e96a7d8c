/**
 * Settings, one schema. Precedence, written down once: the defaults below, then the config file
 * (`claude-canary.config.ts` or `--config`), then the environment, then CLI flags.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { PriceSchema } from '../shared/catalog.ts';

/** Every default, in one place. */
export const DEFAULTS = {
  /** SQLite file for results, alert state and the sink outbox. */
  db: '.canary/canary.db',
  /** Folder of `*.probe.ts` files. */
  probes_dir: 'probes',
  /** Identifies this runner in results and telemetry (many runners can report into one backend). */
  runner_id: hostname(),
  region: 'local',
  /** The canaries' own spend caps in USD; a probe that would pass one is skipped as budget_exceeded. */
  budgets: { daily_usd: 5, monthly_usd: 50 },
  /** At most this many probe runs at once. */
  concurrency: 4,
  /** Random delay before each scheduled run, up to this many ms, so runners do not stampede. */
  jitter_ms: 2_000,
  /** Store up to this many characters of output per result (0 = none; the sha256 is always kept). */
  output_preview_chars: 200,
  /** Response bodies over this many bytes fail as `response_too_large` (32 MiB; see src/client/response-cap.ts). */
  max_response_bytes: 32 * 1024 * 1024,
  /** `reconcile` flags a cost difference over both of these (percent of the bill, USD); tokens over the percent. */
  reconcile: { threshold_pct: 2, threshold_usd: 0.01 },
} as const;

export const ConfigSchema = z.strictObject({
  db: z.string().min(1).optional(),
  probes_dir: z.string().min(1).optional(),
  runner_id: z.string().min(1).max(128).optional(),
  region: z.string().min(1).max(64).optional(),
  budgets: z
    .strictObject({
      daily_usd: z.number().nonnegative().optional(),
      monthly_usd: z.number().nonnegative().optional(),
    })
    .optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  jitter_ms: z.number().int().min(0).max(600_000).optional(),
  output_preview_chars: z.number().int().min(0).max(10_000).optional(),
  max_response_bytes: z.number().int().positive().optional(),
  /** Per-model price overrides in USD per million tokens (e.g. negotiated rates). */
  prices: z.record(z.string(), PriceSchema.omit({ effective_from: true })).optional(),
  /** Alert rule overrides and sinks; validated by the alerts part. */
  alerts: z.unknown().optional(),
  reconcile: z
    .strictObject({
      threshold_pct: z.number().nonnegative().optional(),
      threshold_usd: z.number().nonnegative().optional(),
    })
    .optional(),
});
export type CanaryConfigInput = z.infer<typeof ConfigSchema>;

/** Identity helper for `claude-canary.config.ts`, so the file is type-checked. */
export function defineConfig(config: CanaryConfigInput): CanaryConfigInput {
  return config;
}

export interface ResolvedConfig {
  db: string;
  probes_dir: string;
  runner_id: string;
  region: string;
  budgets: { daily_usd: number; monthly_usd: number };
  concurrency: number;
  jitter_ms: number;
  output_preview_chars: number;
  max_response_bytes: number;
  prices: NonNullable<CanaryConfigInput['prices']>;
  alerts: unknown;
  reconcile: { threshold_pct: number; threshold_usd: number };
  /** Where each setting came from, for `--help`-style diagnostics. */
  file: string | null;
}
