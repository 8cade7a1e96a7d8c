/**
 * The simulator over real HTTP (`node:http`, bound to 127.0.0.1 unless told otherwise), for k6,
 * for canaries running offline in another process, and for any client in any language. It calls
 * the core directly, never through MSW (MSW's `getResponse` served 0.055x of bare node:http).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../src/shared/clock.ts';
import { createSimulator, type Simulator, type SimulatorOptions } from '../core/simulator.ts';
import type { PlannedResponse } from '../core/types.ts';

export interface HttpSimulatorOptions extends SimulatorOptions {
  /** Port (0 = any free port). Default 0. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
}

export interface HttpSimulator {
  sim: Simulator;
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  close(): Promise<void>;
}

async function write(planned: PlannedResponse, req: IncomingMessage, res: ServerResponse, clock: Clock, signal: AbortSignal): Promise<void> {
  switch (planned.type) {
    case 'hang':
      return; // say nothing; the client gives up and closes
    case 'reset':
      await clock.sleep(planned.delayMs, signal).catch(() => {});
      req.socket.resetAndDestroy();
      return;
    case 'json': {
      if (planned.delayMs > 0) await clock.sleep(planned.delayMs, signal);
      res.writeHead(planned.status, { ...planned.headers, 'content-length': Buffer.byteLength(planned.body) });
      res.end(planned.body);
      return;
    }
    case 'stream': {
      res.writeHead(planned.status, planned.headers);
      res.flushHeaders();
      for (const f of planned.frames) {
        if (f.delayMs > 0) await clock.sleep(f.delayMs, signal);
        res.write(f.frame);
      }
      if (planned.ending === 'close') res.end();
      return; // 'stall': keep the connection open, send nothing more
    }
  }
}

export function handleNodeRequest(sim: Simulator, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const q = req.url?.indexOf('?') ?? -1;
    const path = q >= 0 ? req.url!.slice(0, q) : (req.url ?? '/');
    const headers = req.headers as Record<string, string | undefined>;
    let planned: PlannedResponse;
    try {
      planned = sim.handle({ method: req.method ?? 'GET', path, ...(q >= 0 ? { query: req.url!.slice(q + 1) } : {}), headers, body: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `simulator bug: ${(err as Error).message}` }, request_id: null }));
      return;
    }
    if (planned.type === 'json' && planned.delayMs <= 0) {
      // Hot path (no simulated latency): no abort plumbing needed, and an AbortController per
      // request (its DOMException on abort) cost more than the simulator itself.
      res.writeHead(planned.status, { ...planned.headers, 'content-length': Buffer.byteLength(planned.body) });
      res.end(planned.body);
      return;
    }
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    write(planned, req, res, sim.clock, ac.signal).catch(() => {
      if (!res.headersSent && !res.destroyed) res.destroy();
    });
  });
}

export async function startHttpSimulator(options: HttpSimulatorOptions = {}): Promise<HttpSimulator> {
  const sim = createSimulator(options);
  const server = createServer((req, res) => handleNodeRequest(sim, req, res));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    sim,
    server,
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
