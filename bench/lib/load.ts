/** A small closed-loop HTTP load generator: C keep-alive connections, each sending back to back for a fixed time. */
import { Agent, request } from 'node:http';
import { BENCH_BODY, BENCH_HEADERS } from './request.ts';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function closedLoop(url: string, connections: number, durationMs: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const u = new URL('/v1/messages', url);
  const lat: number[] = [];
  let errors = 0;
  const end = performance.now() + durationMs;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(
        { agent, host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { ...BENCH_HEADERS, 'content-length': Buffer.byteLength(BENCH_BODY) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) lat.push(performance.now() - t0);
            else errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(BENCH_BODY);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  const elapsed = performance.now() - t0;
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { requests: lat.length, rps: (lat.length / elapsed) * 1000, p50: q(0.5), p99: q(0.99), errors };
}
