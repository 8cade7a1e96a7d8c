export { startTelemetry, exportersFromEnv, DEFAULT_SERVICE_NAME, type TelemetryOptions, type TelemetryHandle } from './setup.ts';
export { createInMemoryTelemetry, type InMemoryTelemetry, type MetricPoint } from './in-memory.ts';
export { createInstruments, primeCounters, INSTRUMENTATION_SCOPE, type ClientInstruments } from './instruments.ts';
export { PrometheusEndpoint, prometheusView, type PrometheusEndpointOptions } from './prometheus.ts';
export { prometheusMetricName, prometheusLabelName, prometheusUnit, PROMETHEUS_DROPPED_ATTRIBUTES, type PromInstrumentType } from './prometheus-names.ts';
export * from './semconv.ts';
export * from './genai-attributes.ts';
