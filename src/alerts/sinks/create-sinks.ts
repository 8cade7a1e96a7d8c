/** Builds sinks from validated config. */
import { consoleSink } from './console.ts';
import type { SinkConfig } from './sink-config.ts';
import { slackSink } from './slack.ts';
import type { Sink, Writer } from './types.ts';
import { webhookSink } from './webhook.ts';

const BUILDERS: { [T in SinkConfig['type']]: (c: Extract<SinkConfig, { type: T }>, writer: Writer) => Sink } = {
  console: (c, writer) => consoleSink(writer, c.name),
  webhook: (c) => webhookSink({ name: c.name, url: c.url, headers: c.headers }),
  slack: (c) => slackSink({ name: c.name, url: c.url }),
};

/** One sink per config entry; `writer` is where console sinks write. */
export function createSinks(configs: readonly SinkConfig[], writer: Writer): Sink[] {
  return configs.map((c) => (BUILDERS[c.type] as (c: SinkConfig, w: Writer) => Sink)(c, writer));
}
