import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

test('sim --plan with a bad file: exit 2, the field and the allowed kinds named, nothing served', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  const file = join(dir, 'plan.json');
  writeFileSync(file, JSON.stringify({ faults: [{ kind: 'tsunami' }] }));
  const r = spawnSync(process.execPath, [...CLI, 'sim', '--port', '0', '--plan', file], { encoding: 'utf8', timeout: 20_000 });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`${file}: faults[0].kind`);
  expect(r.stderr).toContain("'stream_stall'");
  expect(r.stdout).not.toContain('listening');
});

test('sim serves on 127.0.0.1, answers, and stops cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, [...CLI, 'sim', '--port', '0', '--no-latency'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  const res = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'Reply with exactly: up' }] }),
  });
  expect(((await res.json()) as { content: Array<{ text: string }> }).content[0]!.text).toBe('up');
  child.kill('SIGTERM');
  const code = await new Promise((r) => child.once('exit', r));
  expect(code).toBe(0);
});
