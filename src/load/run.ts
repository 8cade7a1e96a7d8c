/** Runs k6 as a child process. Its output goes straight to the terminal (inherited stdio). */
import { spawn } from 'node:child_process';

export interface RunK6Options {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Called with the child so the caller can forward SIGINT. */
  onSpawn?: (kill: (signal: NodeJS.Signals) => void) => void;
}

/** Spawns `k6 <args>` and resolves with its exit code (signals map to 128 + n like a shell). */
export function runK6(k6Path: string, args: readonly string[], opts: RunK6Options): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(k6Path, [...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: 'inherit' });
    opts.onSpawn?.((sig) => child.kill(sig));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== null) resolvePromise(code);
      else resolvePromise(signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1);
    });
  });
}
