/**
 * Test wiring: the in-process simulator on a VirtualClock (zero wall time), in-memory OTel
 * exporters, and a logger whose lines are captured. Only the network edge is simulated.
 */
import { startInProcessSimulator, type FaultPlan } from '../../mocks/index.ts';
import { createClient, type ClientOptions } from '../../src/client/index.ts';
import { createLogger } from '../../src/log/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { createInMemoryTelemetry } from '../../src/telemetry/index.ts';

export const MODEL = 'claude-haiku-4-5';
export const API_KEY = 'sk-ant-test';

export interface Harness {
  clock: VirtualClock;
  sim: Awaited<ReturnType<typeof startInProcessSimulator>>;
  tel: ReturnType<typeof createInMemoryTelemetry>;
  lines: string[];
  logs(): Array<Record<string, unknown>>;
  client: ReturnType<typeof createClient>;
  close(): Promise<void>;
}

export async function harness(plan: FaultPlan = { faults: [] }, options: ClientOptions = {}): Promise<Harness> {
  const clock = new VirtualClock();
  const sim = await startInProcessSimulator({ plan, clock, seed: 7 });
  const tel = createInMemoryTelemetry();
  const lines: string[] = [];
  const logger = createLogger({ destination: { write: (l: string) => void lines.push(l) } });
  const client = createClient({
    apiKey: API_KEY,
    fetch: sim.fetch,
    clock,
    tracerProvider: tel.tracerProvider,
    meterProvider: tel.meterProvider,
    loggerProvider: tel.loggerProvider,
    logger,
    random: () => 0.5,
    ...options,
  });
  return {
    clock,
    sim,
    tel,
    lines,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    client,
    async close() {
      sim.close();
      await tel.shutdown();
    },
  };
}

export function params(overrides: Record<string, unknown> = {}) {
  return {
    model: MODEL,
    max_tokens: 200,
    messages: [{ role: 'user' as const, content: 'Say hello in one short sentence.' }],
    ...overrides,
  };
}
