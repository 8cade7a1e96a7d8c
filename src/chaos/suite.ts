/** Loading scenarios and running them one after the other through one MSW server. */
import { setupServer } from 'msw/node';
import { DEFAULT_RULES, resolveAlertRules } from '../alerts/index.ts';
import { loadDefinitions, type Loaded } from '../shared/load-definitions.ts';
import { runScenario } from './engine.ts';
import type { Mutant } from './mutants.ts';
import { scenarioProbe, type Scenario } from './schema.ts';
import { AnyScenarioSchema, isUserScenario, type AnyScenario } from './any-scenario.ts';
import { runUserScenario } from './user/run-user.ts';
import type { ChaosRun, ScenarioVerdict } from './types.ts';
import { CanaryError, zodProblems, type Problem } from '../shared/errors.ts';

/** `alerts.rules[2].threshold` (the config's path) as the scenario's own field, `alerts[2].threshold`. */
const scenarioPath = (path: string | undefined) => (path ?? 'alerts').replace(/^alerts\.rules\[/, 'alerts[');

/**
 * What the scenario schema cannot see: its probe through the production probe schema, its rule
 * overrides through the production rule resolution, and every rule its expectations name
 * against the rules it will run with.
 */
export function scenarioProblems(s: Scenario): Problem[] {
  const problems: Problem[] = [];
  const p = scenarioProbe(s);
  if (!p.success) problems.push(...zodProblems(p.error.issues, undefined, 'workload.probe'));
  try {
    resolveAlertRules(s.alerts, s.budgets ? { budgets: s.budgets } : {});
  } catch (e) {
    if (!(e instanceof CanaryError)) throw e;
    problems.push(...e.problems.map((q) => ({ path: scenarioPath(q.path), message: q.message })));
  }
  const known = new Set([...DEFAULT_RULES.map((r) => r.id), ...s.alerts.map((o) => String(o['id']))]);
  const name = (rule: string, path: string) => {
    if (!known.has(rule)) problems.push({ path, message: `unknown alert rule "${rule}" (known: ${[...known].join(', ')})` });
  };
  const a = s.expect.alerts;
  a?.fire?.forEach((x, i) => name(x.rule, `expect.alerts.fire[${i}].rule`));
  a?.resolve?.forEach((x, i) => name(x.rule, `expect.alerts.resolve[${i}].rule`));
  if (Array.isArray(a?.not_fire)) a.not_fire.forEach((rule, i) => name(rule, `expect.alerts.not_fire[${i}]`));
  return problems;
}

/**
 * Imports every `scenarios/*.scenario.ts`; every problem (file, field) is reported at once, in one
 * pass. A scenario drives our client, or the user's code (`workload.run`, or a `target` process).
 */
export function loadScenarios(dir: string): Promise<Array<Loaded<AnyScenario>>> {
  return loadDefinitions(dir, {
    noun: 'scenario',
    code: 'invalid_scenario',
    schema: AnyScenarioSchema,
    suffix: '.scenario.ts',
    example: 'export default defineScenario({...})',
    check: (s) => (isUserScenario(s) ? [] : scenarioProblems(s)),
  });
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
