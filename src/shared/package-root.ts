/**
 * The folder of claude-canary's own package.json: the repository root in a clone, or
 * `node_modules/claude-canary` when installed. Found by walking up from this module, so it is the
 * same answer from `src/` (run through tsx) and from the compiled `dist/src/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'claude-canary') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`claude-canary: no package.json of claude-canary above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}
