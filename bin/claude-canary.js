#!/usr/bin/env node
// The CLI. Installed from npm it runs the compiled CLI in dist/; in a clone of the repository
// (src/ present) it runs the TypeScript sources. Either way tsx's ESM and CommonJS hooks are
// registered first, so the user's own probes, scenarios and config load as TypeScript whatever
// the "type" of the package around them.
import { existsSync } from 'node:fs';
import { register as registerEsm } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

registerEsm();
registerCjs();
const sources = new URL('../src/cli/main.ts', import.meta.url);
await import(existsSync(sources) ? sources.href : '../dist/src/cli/main.js');
