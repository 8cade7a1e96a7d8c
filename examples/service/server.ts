/**
 * The example service: `POST /ask {"question", "user_id"}` answers `{answer, model}`, or 502
 * `{error}` when Claude could not answer. Listens on 127.0.0.1:$PORT. The SDK reads
 * ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY from the environment (a chaos run sets both).
 */
import { shutdownTelemetry } from './telemetry.ts'; // first: the SDK client below picks up its tracer
import { createServer } from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import { answer, decide } from './answer.ts';
import { BROKEN } from './broken.ts';

const client = new Anthropic({ maxRetries: 0 }); // our own retry loop decides
const timeScale = Number(process.env['CLAUDE_CANARY_TIME_SCALE'] ?? 1);
const variant = process.env['EXAMPLE_DECIDE'];
const decideNext = variant ? BROKEN[variant] : decide;
if (!decideNext) throw new Error(`EXAMPLE_DECIDE: unknown variant ${variant}`);

const server = createServer((req, res) => {
  const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.method === 'GET' && req.url === '/healthz') return reply(200, { ok: true });
  if (req.method !== 'POST' || req.url !== '/ask') return reply(404, { error: 'not found' });
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
  req.on('end', async () => {
    try {
      const { question, user_id } = JSON.parse(raw || '{}') as { question?: string; user_id?: string };
      if (!question) return reply(400, { error: 'question is required' });
      reply(200, await answer(client, question, { userId: user_id ?? 'anonymous', timeScale, decide: decideNext }));
    } catch (err) {
      console.error('ask failed:', (err as Error).message);
      reply(502, { error: (err as Error).message, status: (err as { status?: number }).status ?? null });
    }
  });
});
server.listen(Number(process.env['PORT'] ?? 3000), '127.0.0.1', () => console.log(`listening on 127.0.0.1:${process.env['PORT'] ?? 3000}`));
process.on('SIGTERM', () => {
  server.closeAllConnections(); // idle keep-alive sockets would hold close() open
  server.close(() => void shutdownTelemetry().finally(() => process.exit(0)));
});
