export { startTelemetry, exportersFromEnv, DEFAULT_SERVICE_NAME, type TelemetryOptions, type TelemetryHandle } from './setup.ts';
export { createInMemoryTelemetry, type InMemoryTelemetry, type MetricPoint } from './in-memory.ts';
export { createInstruments, INSTRUMENTATION_SCOPE, type ClientInstruments } from './instruments.ts';
export * from './semconv.ts';
export * from './genai-attributes.ts';
