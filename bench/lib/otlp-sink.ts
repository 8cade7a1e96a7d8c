/**
 * A local OTLP/HTTP receiver for the peers bench, in its own process so receiving costs the
 * measured process nothing: it reads every request body, answers 200 `{}` (a valid empty
 * ExportTraceServiceResponse / ExportMetricsServiceResponse in JSON), and tallies requests and
 * bytes per path. `GET /stats` returns the tally as JSON. Prints its URL on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const tally: Record<string, { requests: number; bytes: number }> = {};
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
// Gone with the bench: its end of stdin closes when it exits, however it exits.
process.stdin.on('end', () => process.exit(0)).resume();
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(tally));
    return;
  }
  const t = (tally[req.url ?? '/'] ??= { requests: 0, bytes: 0 });
  t.requests++;
  req.on('data', (c: Buffer) => (t.bytes += c.length));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
