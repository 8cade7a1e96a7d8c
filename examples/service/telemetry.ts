/**
 * Traces for the example service, when OTEL_EXPORTER_OTLP_ENDPOINT is set: the OpenTelemetry
 * Node SDK, configured from the standard OTEL_* variables (OTLP/HTTP, protobuf by default,
 * JSON with OTEL_EXPORTER_OTLP_PROTOCOL=http/json). The official Claude SDK then makes an
 * `anthropic.messages.create` span with GenAI attributes per request. Import it before creating
 * the SDK client: the client picks its tracer up when constructed.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';

const sdk = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ? new NodeSDK({ instrumentations: [] }) : null;
sdk?.start();

/** Flushes and stops the exporters (call on shutdown, or the last spans are lost). */
export const shutdownTelemetry = async () => sdk?.shutdown();
