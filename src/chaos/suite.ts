/** Loading scenarios and running them one after the other through one MSW server. */
import { setupServer } from 'msw/node';
import { loadDefinitions, type Loaded } from '../shared/load-definitions.ts';
import { runScenario } from './engine.ts';
import type { Mutant } from './mutants.ts';
import { scenarioProbe } from './schema.ts';
import { AnyScenarioSchema, isUserScenario, type AnyScenario } from './any-scenario.ts';
import { runUserScenario } from './user/run-user.ts';
import type { ChaosRun, ScenarioVerdict } from './types.ts';
import { CanaryError, zodProblems } from '../shared/errors.ts';

/**
 * Imports every `scenarios/*.scenario.ts`; every problem (file, field) is reported at once. A
 * scenario drives our client, or the user's code (`workload.run`, or a `target` process).
 */
export async function loadScenarios(dir: string): Promise<Array<Loaded<AnyScenario>>> {
  const loaded = await loadDefinitions(dir, {
    noun: 'scenario',
    code: 'invalid_scenario',
    schema: AnyScenarioSchema,
    suffix: '.scenario.ts',
    example: 'export default defineScenario({...})',
  });
  // The workload's probe goes through the production probe schema too.
  const problems = loaded.flatMap(({ value, file }) => {
    if (isUserScenario(value)) return [];
    const p = scenarioProbe(value);
    return p.success ? [] : zodProblems(p.error.issues, file, 'workload.probe');
  });
  if (problems.length > 0) throw new CanaryError('invalid_scenario', `${problems.length} problem(s) in scenario probes`, problems);
  return loaded;
}

/** `*` matches any run of characters; matched against the scenario id and its file name. */
export function matchesGlob(glob: string, s: Loaded<AnyScenario>): boolean {
  const re = new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(s.value.id) || re.test(s.file) || re.test(s.file.split('/').pop() ?? '');
}

export interface RunSuiteOptions {
  mutant?: Mutant | null;
  /** Called as each scenario finishes. */
  onVerdict?: (v: ScenarioVerdict) => void;
}

export async function runSuite(scenarios: ReadonlyArray<Loaded<AnyScenario>>, options: RunSuiteOptions = {}): Promise<ChaosRun> {
  const started = new Date();
  const wall = performance.now();
  const server = setupServer();
  server.listen({
    onUnhandledRequest(request, print) {
      const host = new URL(request.url).hostname;
      if (host === '127.0.0.1' || host === 'localhost' || host === '::1') return;
      print.error();
    },
  });
  const verdicts: ScenarioVerdict[] = [];
  try {
    for (const s of scenarios) {
      // A mutant breaks our client; the user's code is what it is. No MSW handler may answer
      // user code (it talks to the scenario's own simulator only), so the handlers are cleared.
      if (isUserScenario(s.value)) server.resetHandlers();
      const v = isUserScenario(s.value) ? await runUserScenario(s.value, s.file) : await runScenario(s.value, s.file, { server, mutant: options.mutant ?? null });
      verdicts.push(v);
      options.onVerdict?.(v);
    }
  } finally {
    server.close();
  }
  return {
    started_at: started.toISOString(),
    scenarios: verdicts,
    virtual_ms: verdicts.reduce((s, v) => s + v.virtual_ms, 0),
    wall_ms: performance.now() - wall,
    mutant: options.mutant?.name ?? null,
  };
}
