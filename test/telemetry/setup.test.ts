import { expect, test } from 'vitest';
import { startTelemetry } from '../../src/telemetry/index.ts';

test('OTEL_SDK_DISABLED=true starts nothing', async () => {
  const t = startTelemetry({ env: { OTEL_SDK_DISABLED: 'true' } });
  expect(t.enabled).toBe(false);
  await t.shutdown();
});

test('starts and shuts down with exporters off', async () => {
  const t = startTelemetry({ env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' } });
  expect(t.enabled).toBe(true);
  await t.shutdown();
});
