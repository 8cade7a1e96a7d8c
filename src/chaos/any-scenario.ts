/**
 * A scenario file may hold either kind: one that drives our client (src/chaos/schema.ts) or one
 * that drives the user's code (src/chaos/user/schema.ts). The shape decides which schema checks
 * it, so a mistake is reported against the schema the author meant, field by field.
 */
import { z } from 'zod';
import { ScenarioSchema, type Scenario, type ScenarioInput } from './schema.ts';
import { isUserScenarioInput, userScenarioSchemaFor, type UserScenario, type UserScenarioInput } from './user/schema.ts';

export type AnyScenario = Scenario | UserScenario;

export const AnyScenarioSchema = z.unknown().transform((value, ctx): AnyScenario => {
  const schema = isUserScenarioInput(value) ? userScenarioSchemaFor(value) : ScenarioSchema;
  const r = (schema as z.ZodType<AnyScenario>).safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] });
  return z.NEVER;
}) as unknown as z.ZodType<AnyScenario & { id: string }>;

/** True for a scenario that drives the user's code. */
export function isUserScenario(s: AnyScenario): s is UserScenario {
  return !('client' in s);
}

/**
 * Identity helper for `scenarios/*.scenario.ts`, for both kinds; validation happens when the
 * folder is loaded.
 *
 * @example
 * // your own code, in this process
 * export default defineScenario({ id: 'falls-back', description: '...', plan: { faults: [{ kind: 'overloaded' }] },
 *   workload: { run: (ctx) => myAnswer(new Anthropic({ ...ctx.anthropic, maxRetries: 0 })) },
 *   expect: { every_call: { ok: true, upstream: { models: ['claude-sonnet-4-5', 'claude-haiku-4-5'] } } } });
 */
export function defineScenario(scenario: ScenarioInput): ScenarioInput;
export function defineScenario(scenario: UserScenarioInput): UserScenarioInput;
export function defineScenario(scenario: ScenarioInput | UserScenarioInput): ScenarioInput | UserScenarioInput {
  return scenario;
}
