/**
 * `claude-canary`: the instrumented client for your own service, and the helpers that declare
 * probes, chaos scenarios and the config in your repository. Nothing else is public.
 */
export {
  createClient,
  DEFAULT_ATTEMPT_TIMEOUT_MS,
  DEFAULT_DEADLINE_MS,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  type ClaudeClient,
} from './client/create-client.ts';
export type { AttemptRecord, CallOptions, CallParams, CallRecord, CallResult, ClientOptions, Message, TryCallResult } from './client/types.ts';
export { ClaudeCallError } from './client/errors.ts';
export type { CircuitBreakerOptions } from './client/circuit-breaker.ts';
export type { RetryOptions } from './client/retry-policy.ts';
export { createLogger, type Logger, type LoggerOptions } from './log/logger.ts';
export { startTelemetry, type TelemetryHandle, type TelemetryOptions } from './telemetry/setup.ts';
export { defineProbe } from './probes/define-probe.ts';
export type { Probe, ProbeInput } from './probes/probe-schema.ts';
export type { Scenario, ScenarioInput } from './chaos/schema.ts';
export { defineScenario } from './chaos/any-scenario.ts';
export type { UserCallContext, UserScenario, UserScenarioInput } from './chaos/user/schema.ts';
export { defineConfig, type CanaryConfigInput } from './config/schema.ts';
export { ERROR_KINDS, QUALITY_FLAGS, type AssertionResult, type Cost, type ErrorKind, type ProbeOutcome, type ProbeResult, type QualityFlag, type Usage } from './shared/types.ts';
export type { FaultKind } from '../mocks/faults/kinds.ts';
export type { FaultPlan, FaultRule } from '../mocks/faults/plan.ts';
