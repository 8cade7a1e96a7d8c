export { defineScenario, ScenarioSchema, ExpectSchema, CallExpectationSchema, SCENARIO_PROBE_DEFAULTS, type Scenario, type ScenarioInput, type Expect } from './schema.ts';
export { runScenario, SENTINEL_KEY, SCENARIO_EPOCH, type EngineContext } from './engine.ts';
export { checkScenario, type Observed } from './checks.ts';
export { loadScenarios, matchesGlob, runSuite, type RunSuiteOptions } from './suite.ts';
export { toJUnit } from './junit.ts';
export { MUTANTS, type Mutant } from './mutants.ts';
export type { ChaosRun, ScenarioVerdict, CheckVerdict, CallView, AttemptView, AlertEventView } from './types.ts';
