/**
 * `api_key_source`: the API key comes from the environment (or a secrets file loaded into it),
 * not from the config file in the repository. The config file's text is scanned for key-shaped
 * literals and apiKey fields; only the line number is ever reported, never the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { CheckResult, DoctorContext } from '../types.ts';

/** A key literal: `sk-ant-` then at least 8 key characters (api, admin and OAuth keys). */
const KEY_LITERAL = /sk-ant-[A-Za-z0-9_-]{8,}/;
/** An `apiKey` / `api_key` / `x-api-key` field given a string literal (not `process.env...`). */
const KEY_FIELD = /\b(?:x-)?api[-_]?key['"]?\s*[:=]\s*['"`][^'"`\s]{8,}/i;

/** Line numbers (1-based) of the text holding a key literal or an apiKey field with a literal. */
export function keyLiteralLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (KEY_LITERAL.test(line) || KEY_FIELD.test(line) ? [i + 1] : []));
}

export function checkApiKeySource(ctx: DoctorContext): CheckResult {
  const checked = 'the API key comes from the environment (or a secrets file), not from the config file';
  const fromEnv = !!ctx.env['ANTHROPIC_API_KEY'];
  if (ctx.configFile && existsSync(ctx.configFile)) {
    const lines = keyLiteralLines(readFileSync(ctx.configFile, 'utf8'));
    if (lines.length > 0) {
      return {
        id: 'api_key_source',
        status: 'fail',
        checked,
        detail: `${ctx.configFile} holds an API key literal on line${lines.length === 1 ? '' : 's'} ${lines.join(', ')} (not shown)`,
        fix: 'delete the key from the file, revoke it in the Anthropic console (it is in your repository history), and set ANTHROPIC_API_KEY from your secrets manager',
      };
    }
  }
  if (fromEnv) {
    return { id: 'api_key_source', status: 'pass', checked, detail: 'ANTHROPIC_API_KEY is set in the environment; no key in the config file', fix: 'keep the key in your secrets manager, injected as ANTHROPIC_API_KEY' };
  }
  return {
    id: 'api_key_source',
    status: 'warn',
    checked,
    detail: 'no API key (ANTHROPIC_API_KEY is not set): the canaries run against the simulator',
    fix: 'set ANTHROPIC_API_KEY from your secrets manager or a secrets file (e.g. ANTHROPIC_API_KEY="$(cat /run/secrets/anthropic_api_key)")',
  };
}
