/**
 * Trace context on the wire: the headers the configured propagator (W3C `traceparent` and
 * `tracestate` under the OTel SDK's default) writes for a context, so the service behind the
 * address (a gateway, the simulator, a proxy) joins the call's trace. The SDK's own
 * instrumentation, which would inject its own span's `traceparent`, is off (`openTelemetry:
 * false`, create-client.ts): one GenAI span per call, ours.
 */
import { propagation, type Context, type TextMapSetter } from '@opentelemetry/api';

/** One setter for every call (no closure per call). */
const SETTER: TextMapSetter<Record<string, string>> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

/** Writes into a request's own `Headers` (no object of its own, nothing for the SDK to merge). */
const HEADERS_SETTER: TextMapSetter<Headers> = {
  set(carrier, key, value) {
    carrier.set(key, value);
  },
};

/** Adds the propagation headers for `ctx` to `headers` (nothing when no propagator is registered). */
export function injectTraceHeaders(ctx: Context, headers: Headers): void {
  propagation.inject(ctx, headers, HEADERS_SETTER);
}

/** The propagation headers for `ctx`, or undefined when the propagator writes none (none registered). */
export function traceHeaders(ctx: Context): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier, SETTER);
  for (const _ in carrier) return carrier;
  return undefined;
}
