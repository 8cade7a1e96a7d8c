/**
 * A server for the HTTP bench, in its own process: `sim` is the real simulator over node:http
 * with no latency; `bare` is plain node:http returning the same bytes (status, headers, body)
 * the simulator gives for the bench request. Prints its URL on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, NO_LATENCY, startHttpSimulator } from '../../mocks/index.ts';
import { BENCH_BODY, BENCH_HEADERS } from './request.ts';

const mode = process.argv[2];
process.on('SIGINT', () => process.exit(0)); // lets --cpu-prof write its profile
process.on('SIGTERM', () => process.exit(0));
if (mode === 'sim') {
  const s = await startHttpSimulator({ latency: NO_LATENCY });
  process.stdout.write(`${s.url}\n`);
} else {
  const planned = createSimulator({ latency: NO_LATENCY }).handle({ method: 'POST', path: '/v1/messages', headers: BENCH_HEADERS, body: BENCH_BODY });
  if (planned.type !== 'json') throw new Error('bench request must give a JSON reply');
  const headers = { ...planned.headers, 'content-length': String(Buffer.byteLength(planned.body)) };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(planned.status, headers);
      res.end(planned.body);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
}
