import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProbes } from '../../src/probes/index.ts';
import { CanaryError, type Problem } from '../../src/shared/errors.ts';

const defineProbeUrl = pathToFileURL(join(process.cwd(), 'src/probes/define-probe.ts')).href;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'canary-probes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
}

const ok = (id: string, extra = '') =>
  `export default { id: '${id}', description: 'fine', model: 'claude-haiku-4-5', prompt: 'hi'${extra} };\n`;

async function problems(): Promise<Problem[]> {
  try {
    await loadProbes(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(CanaryError);
    expect((e as CanaryError).code).toBe('invalid_probe');
    return (e as CanaryError).problems.map((p) => ({ ...p, file: p.file?.replace(`${dir}/`, '') }));
  }
  throw new Error('expected loadProbes to throw');
}

describe('loadProbes', () => {
  it('loads valid probes with defaults applied, sorted by file', async () => {
    write({
      'b.probe.ts': `import { defineProbe } from '${defineProbeUrl}';\nexport default defineProbe({ id: 'b', description: 'd', model: ['claude-haiku-4-5', 'claude-sonnet-4-6'], prompt: 'hi' });\n`,
      'a.probe.ts': ok('a'),
      'helpers.ts': 'export const notAProbe = 1;\n',
    });
    const probes = await loadProbes(dir);
    expect(probes.map((p) => p.id)).toEqual(['a', 'b']);
    expect(probes[0]).toMatchObject({ schedule: '*/5 * * * *', max_tokens: 1024, stream: false, timeout_ms: 60_000, tags: [], enabled: true, expectations: {} });
  });

  it('reports every problem in every file, each with its file and field path, in one pass', async () => {
    write({
      'bad-cron.probe.ts': ok('bad-cron', ", schedule: '* * *'"),
      'bad-fields.probe.ts': `export default { id: 'Bad Id', description: '', model: ['claude-haiku-4-5', 'gpt-4o'], max_tokens: -1, timeout: 5 };\n`,
      'too-many-tokens.probe.ts': ok('big', ', max_tokens: 10_000_000'),
      'both.probe.ts': `export default { id: 'both', description: 'd', model: 'claude-haiku-4-5', prompt: 'hi', messages: [{ role: 'assistant', content: 'x' }] };\n`,
      'bad-assertion.probe.ts': ok('bad-assertion', ", expectations: { assertions: [{ kind: 'regex', pattern: '(' }, { kind: 'similar' }], fail_on_flags: ['nope'] }"),
      'named.probe.ts': `export const fast = { id: 'fast', description: 'd', model: 'claude-haiku-4-5', prompt: 'hi', schedule: '61 * * * *' };\nexport const list = [{ id: 'l1', description: 'd', model: 'claude-haiku-4-5', prompt: 'hi' }, { id: 'l2' }];\n`,
      'syntax.probe.ts': 'export default { id: ;\n',
      'throws.probe.ts': "throw new Error('boom at import');\n",
      'empty.probe.ts': 'export {};\n',
      'dup-a.probe.ts': ok('same'),
      'dup-b.probe.ts': ok('same'),
    });
    const got = await problems();
    const lines = got.map((p) => [p.file, p.path, p.message].filter(Boolean).join(': '));

    const expectLine = (file: string, path: string | undefined, message: RegExp) =>
      expect(got.some((p) => p.file === file && p.path === path && message.test(p.message)), `${file}: ${path}: ${message}\n${lines.join('\n')}`).toBe(true);

    expectLine('bad-cron.probe.ts', 'schedule', /^invalid cron expression "\* \* \*"/);
    expectLine('bad-fields.probe.ts', 'id', /must be a slug/);
    expectLine('bad-fields.probe.ts', 'description', /too small|at least/i);
    expectLine('bad-fields.probe.ts', 'model[1]', /unknown model "gpt-4o" \(known: .*claude-haiku-4-5/);
    expectLine('bad-fields.probe.ts', 'max_tokens', /too small|>0/i);
    expectLine('bad-fields.probe.ts', undefined, /Unrecognized key.*timeout/);
    expectLine('bad-fields.probe.ts', undefined, /give messages or prompt \(exactly one\)/);
    expectLine('too-many-tokens.probe.ts', 'max_tokens', /max_tokens 10000000 exceeds claude-haiku-4-5-20251001's maximum output of \d+/);
    expectLine('both.probe.ts', undefined, /either messages or prompt, not both/);
    expectLine('both.probe.ts', 'messages[0].role', /first message must come from the user/);
    expectLine('bad-assertion.probe.ts', 'expectations.assertions[0].pattern', /not a valid regular expression/);
    expectLine('bad-assertion.probe.ts', 'expectations.assertions[1].kind', /.+/);
    expectLine('bad-assertion.probe.ts', 'expectations.fail_on_flags[0]', /.+/);
    expectLine('named.probe.ts', 'fast.schedule', /invalid cron expression "61 \* \* \* \*"/);
    expectLine('named.probe.ts', 'list[1].description', /.+/);
    // A syntax error at file:line:column with esbuild's reason; an error thrown at import at its frame.
    // (vitest imports through vite, whose parser words it differently from tsx's esbuild; test/cli covers the CLI's.)
    expectLine('syntax.probe.ts:1:22', undefined, /^syntax error: Unexpected token$/);
    expectLine('throws.probe.ts:1:7', undefined, /^failed to import: boom at import$/);
    expectLine('empty.probe.ts', undefined, /exports no probe/);
    expectLine('dup-b.probe.ts', 'id', /duplicate probe id "same" \(also in .*dup-a\.probe\.ts\)/);

    const files = new Set(got.map((p) => p.file?.replace(/:\d+:\d+$/, '')));
    expect([...files].sort()).toEqual(
      ['bad-assertion', 'bad-cron', 'bad-fields', 'both', 'dup-b', 'empty', 'named', 'syntax', 'throws', 'too-many-tokens'].map((f) => `${f}.probe.ts`),
    );
  });

  it('refuses a prompt that could not fit: over the context window of a model it runs on, or over the request size cap', async () => {
    const twoMb = 'x'.repeat(2 * 1024 * 1024);
    write({
      'big-prompt.probe.ts': ok('big-prompt').replace("prompt: 'hi'", `prompt: 'y'.repeat(${twoMb.length})`),
      'big-messages.probe.ts': `export default { id: 'big-messages', description: 'd', model: ['claude-haiku-4-5'], messages: [{ role: 'user', content: 'z'.repeat(40 * 1024 * 1024) }] };\n`,
      'fits.probe.ts': ok('fits').replace("prompt: 'hi'", `prompt: 'y'.repeat(600_000)`),
    });
    const got = await problems();
    expect(got).toEqual([
      { file: 'big-messages.probe.ts', path: 'messages', message: expect.stringMatching(/^the request would be \d+ bytes, over the API's 33554432-byte request size cap$/) },
      { file: 'big-messages.probe.ts', path: 'messages', message: expect.stringMatching(/^~\d+ input tokens \(estimated at 4 characters per token\) exceed claude-haiku-4-5-\d+'s context window of 200000$/) },
      { file: 'big-prompt.probe.ts', path: 'prompt', message: expect.stringMatching(/^~524300 input tokens .* exceed claude-haiku-4-5-\d+'s context window of 200000$/) },
    ]);
  });

  it('puts every problem in the error message, one per line', async () => {
    write({ 'x.probe.ts': ok('x', ", schedule: '* * *'"), 'y.probe.ts': 'export {};\n' });
    await expect(loadProbes(dir)).rejects.toThrow(/2 problems in .*\n.*x\.probe\.ts: schedule: invalid cron expression "\* \* \*".*\n.*y\.probe\.ts: exports no probe/);
  });

  it('reports an empty folder and a missing folder', async () => {
    expect((await problems())[0]!.message).toMatch(/no probe files \(names must end with \.probe\.ts\)/);
    await expect(loadProbes(join(dir, 'nope'))).rejects.toThrow(/not found/);
  });
});
