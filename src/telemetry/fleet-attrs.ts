/**
 * Resource attributes naming the runner of a fleet (set by `monitor`). The Prometheus endpoint
 * also puts them on every series as labels (`claude_canary_runner_id`, `claude_canary_region`):
 * each is one constant value per process, so they add no series within a runner, and they let
 * PromQL group by region (`count by (claude_canary_region)`) across a fleet's scrapes.
 */
export const FLEET_ATTR = {
  runnerId: 'claude_canary.runner.id',
  region: 'claude_canary.region',
} as const;

/** Matches the fleet attributes, for the exporter's `withResourceConstantLabels`. */
export const FLEET_ATTR_PATTERN = /^claude_canary\.(runner\.id|region)$/;
