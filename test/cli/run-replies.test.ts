import { spawnSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startHttpSimulator } from '../../src/sim.ts';

const PROBE = `export default {
  id: 'incident-json',
  description: 'The summariser answers with the incident as JSON',
  model: 'claude-haiku-4-5',
  prompt: 'Summarise the incident report below as JSON with severity and summary.\\n\\nReport: the primary database failed over at 03:12 UTC.',
  max_tokens: 200,
  replies: [
    { name: 'other', when: { last_user: { contains: 'nothing like this' } }, reply: { text: 'wrong rule' } },
    { name: 'incident', when: { last_user: { regex: 'incident report' } }, reply: { json: { severity: 'high', summary: 'Primary database failover at 03:12 UTC' } } },
  ],
  expectations: {
    checks: { too_short: false },
    assertions: [
      { kind: 'contains', value: 'failover' },
      { kind: 'regex', pattern: '"severity":\\\\s*"high"' },
      { kind: 'json', schema: { type: 'object', required: ['severity', 'summary'], properties: { severity: { enum: ['low', 'high'] }, summary: { type: 'string' } } } },
    ],
  },
};
`;

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'run-replies-'));
  mkdirSync(join(dir, 'probes'));
  writeFileSync(join(dir, 'probes', 'incident.probe.ts'), PROBE);
  return dir;
}

const env = { ...process.env, ANTHROPIC_API_KEY: '', OTEL_SDK_DISABLED: 'true' };
const args = (dir: string, extra: string[] = []) => ['--import', 'tsx', 'src/cli/main.ts', 'run', '--probes-dir', join(dir, 'probes'), '--db', join(dir, 'c.db'), '--json', ...extra];

test('a probe with reply rules passes offline through `claude-canary run`: contains, regex and json assertions on the ruled reply', () => {
  const dir = folder();
  const r = spawnSync(process.execPath, args(dir), { encoding: 'utf8', timeout: 60_000, env });
  expect(r.stderr).toContain('running against the built-in simulator');
  expect(r.status).toBe(0);
  const [result] = JSON.parse(r.stdout);
  expect(result).toMatchObject({ probe_id: 'incident-json', outcome: 'pass', output_preview: '{"severity":"high","summary":"Primary database failover at 03:12 UTC"}' });
  expect(result.assertions.map((a: { pass: boolean }) => a.pass)).toEqual([true, true, true]);
});

test('the rules are used only with the built-in simulator: against another endpoint the same probe gets no ruled reply', async () => {
  const other = await startHttpSimulator({ latency: { ttft_ms: 0, per_token_ms: 0, jitter: 0 } });
  try {
    const dir = folder();
    // Async spawn: the endpoint lives in this process and must keep answering meanwhile.
    const child = spawn(process.execPath, args(dir, ['--target', other.url]), { env: { ...env, ANTHROPIC_API_KEY: 'sk-ant-test-other' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    const [result] = JSON.parse(out);
    expect(result.outcome).toBe('fail');
    expect(other.sim.journal({ path: '/v1/messages' })).toHaveLength(1);
    expect(other.sim.journal()[0]!.reply_rule).toBeUndefined();
  } finally {
    await other.close();
  }
});
