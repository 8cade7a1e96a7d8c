/**
 * The opt-in parts of a call's telemetry: captured content in the conventions' `parts` format,
 * tool definitions, the `gen_ai.client.inference.operation.details` event, and the span of a
 * count_tokens request made by the context guard. Callers run these only when the option is on
 * (or the span records), inside the observer's fail-open guard.
 */
import { SpanKind, SpanStatusCode, type Attributes, type Context, type Tracer } from '@opentelemetry/api';
import type { AnyValue, Logger as EventLogger, LogAttributes } from '@opentelemetry/api-logs';
import { scrubString } from '../log/scrub.ts';
import type { Server } from '../telemetry/genai-attributes.ts';
import { inputMessages, outputMessages, systemInstructions, toolDefinitions } from '../telemetry/genai-content.ts';
import { ATTR, CC_ATTR, EVENT_INFERENCE_DETAILS, OPERATION_COUNT_TOKENS, PROVIDER } from '../telemetry/semconv.ts';
import type { CallParams } from './types.ts';

/** JSON of a content value, through the secret scrubber (a key pasted into a prompt never leaves). */
const json = (v: unknown): string => scrubString(JSON.stringify(v));

/**
 * Request content attributes for what is switched on: input messages and system instructions
 * (`captureContent`), tool definitions (`captureToolDefinitions`). Empty when both are off.
 */
export function contentAttributes(params: CallParams, opts: { captureContent: boolean; captureToolDefinitions?: boolean | undefined }): Attributes {
  const a: Attributes = {};
  if (opts.captureContent) {
    a[ATTR.inputMessages] = json(inputMessages(params.messages));
    if (params.system !== undefined) a[ATTR.systemInstructions] = json(systemInstructions(params.system));
  }
  if (opts.captureToolDefinitions && params.tools?.length) a[ATTR.toolDefinitions] = json(toolDefinitions(params.tools));
  return a;
}

/** `gen_ai.output.messages` of a successful call (content capture on). */
export function outputContentAttributes(message: { role?: string; content: ReadonlyArray<unknown>; stop_reason?: string | null }): Attributes {
  return { [ATTR.outputMessages]: json(outputMessages(message)) };
}

/**
 * Emits the opt-in `gen_ai.client.inference.operation.details` event (a log record with an
 * event name, as the conventions define events since v1.37.0) in the call span's context, so a
 * backend links it to the trace.
 */
export function emitInferenceDetails(logger: EventLogger, attributes: Attributes, at: number, ctx: Context | undefined): void {
  logger.emit({ eventName: EVENT_INFERENCE_DETAILS, timestamp: at, attributes: structured(attributes), ...(ctx && { context: ctx }) });
}

const CONTENT_ATTRS: readonly string[] = [ATTR.inputMessages, ATTR.outputMessages, ATTR.systemInstructions, ATTR.toolDefinitions];

/**
 * Content attributes in structured form: the conventions let spans carry them as JSON strings
 * (OTel span attributes hold no nested values) but on events they MUST be structured, which log
 * record attributes can be. Parsed back from the scrubbed JSON, so the scrubbing stays the same.
 */
function structured(attributes: Attributes): LogAttributes {
  let out: LogAttributes | undefined;
  for (const k of CONTENT_ATTRS) {
    const v = attributes[k];
    if (typeof v !== 'string') continue;
    try {
      (out ??= { ...attributes })[k] = JSON.parse(v) as AnyValue;
    } catch {
      /* left as the string it is */
    }
  }
  return out ?? attributes;
}

/** One count_tokens request of the context guard, timed by the attempt loop. */
export interface CountTokensTrace {
  started_at: number;
  finished_at: number;
  /** The count, null when the request failed (the guard then fell back to its estimate). */
  input_tokens: number | null;
  /** HTTP status when a response arrived. */
  status: number | null;
  /** Our error kind when it failed. */
  error_kind: string | null;
  error_message: string | null;
}

/**
 * A CLIENT span `count_tokens {model}`, child of the call span, made after the fact from the
 * request's timestamps. Its count goes under `claude_canary.count_tokens.input_tokens`, never
 * `gen_ai.usage.*`: counting is free, and a backend summing usage must not count it.
 */
export function countTokensSpan(tracer: Tracer, parent: Context, model: string, server: Server, c: CountTokensTrace): void {
  const attributes: Attributes = {
    [ATTR.operationName]: OPERATION_COUNT_TOKENS,
    [ATTR.providerName]: PROVIDER,
    [ATTR.requestModel]: model,
    [ATTR.serverAddress]: server.address,
    [ATTR.serverPort]: server.port,
  };
  if (c.status !== null) attributes[ATTR.httpStatusCode] = c.status;
  if (c.input_tokens !== null) attributes[CC_ATTR.countedInputTokens] = c.input_tokens;
  if (c.error_kind) {
    attributes[ATTR.errorType] = c.error_kind;
    attributes[CC_ATTR.errorKind] = c.error_kind;
  }
  const span = tracer.startSpan(`${OPERATION_COUNT_TOKENS} ${model}`, { kind: SpanKind.CLIENT, startTime: c.started_at, attributes }, parent);
  if (c.error_kind) span.setStatus({ code: SpanStatusCode.ERROR, message: scrubString(c.error_message ?? c.error_kind) });
  span.end(c.finished_at);
}
