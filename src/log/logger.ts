/**
 * Structured JSON logs through pino. One logger per process or per client; the destination is
 * injectable so library code never writes to the console and tests capture lines.
 *
 * Secrets are removed by one scrubber over every logged object and message: credential-named
 * fields (`apiKey`, `x-api-key`, `authorization`, … at any depth, any case) are replaced, and
 * `sk-ant-…` keys and bearer tokens are cut out of every string wherever they hide. pino's own
 * `redact` option is deliberately not used: it covers a strict subset (fixed paths) and, in
 * pino 10 (@pinojs/redact), cost ~25 µs per line here, half the client's whole overhead budget.
 */
import { pino, type Logger, type DestinationStream, type Level } from 'pino';
import { scrubString, scrubValue } from './scrub.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Where lines go. Default: a sink that drops everything (library code never writes to stdout). */
  destination?: DestinationStream | { write(line: string): void };
  /** Default `info`. */
  level?: Level | 'silent';
  /** Static fields on every line, e.g. `{ runner_id }`. */
  base?: Record<string, unknown>;
}

/** A destination that discards lines; the default so that nothing reaches the console unasked. */
export const nullDestination: DestinationStream = { write: () => {} };

/**
 * A pino logger with redaction and scrubbing.
 * @example
 * const lines: string[] = [];
 * const log = createLogger({ destination: { write: (l) => lines.push(l) } });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      // No destination: nothing to write, so nothing is formatted either (the library default costs nothing).
      level: options.destination === undefined ? 'silent' : (options.level ?? 'info'),
      base: options.base ?? null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.epochTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrubValue(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          // Copies the arguments only when a string in them actually needs scrubbing.
          for (let i = 0; i < args.length; i++) {
            const a = args[i];
            if (typeof a === 'string' && scrubString(a) !== a) {
              const scrubbed = args.map((x) => (typeof x === 'string' ? scrubString(x) : x));
              return method.apply(this, scrubbed as Parameters<typeof method>);
            }
          }
          return method.apply(this, args);
        },
      },
    },
    (options.destination ?? nullDestination) as DestinationStream,
  );
}
