/**
 * Trace context on the wire: the headers the configured propagator (W3C `traceparent` and
 * `tracestate` under the OTel SDK's default) writes for a context, so the service behind the
 * address (a gateway, the simulator, a proxy) joins the call's trace. The SDK's own
 * instrumentation, which would inject its own span's `traceparent`, is off (`openTelemetry:
 * false`, create-client.ts): one GenAI span per call, ours.
 */
import { propagation, type Context } from '@opentelemetry/api';

/** The propagation headers for `ctx`, or undefined when the propagator writes none (none registered). */
export function traceHeaders(ctx: Context): Record<string, string> | undefined {
  let carrier: Record<string, string> | undefined;
  propagation.inject(ctx, null, {
    set(_c, key, value) {
      (carrier ??= {})[key] = value;
    },
  });
  return carrier;
}
