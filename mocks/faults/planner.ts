/**
 * Decides which fault rules apply to a request. Counters for `first`/`every` count the requests
 * that pass a rule's filters; probability draws come from one generator per rule, seeded by the
 * plan seed, so a plan replays identically.
 */
import { rng } from '../core/text.ts';
import { FAULT_CLASS } from './kinds.ts';
import { parseFaultHeader, type HeaderFault } from './header.ts';
import { parseFaultPlan, type FaultPlan, type FaultRule } from './plan.ts';

export type Endpoint = 'messages' | 'count_tokens' | 'models';

export interface RequestFacts {
  endpoint: Endpoint;
  model?: string;
  stream: boolean;
  /** Ms since the simulator started. */
  elapsedMs: number;
}

/** The faults chosen for one request, at most one per class. */
export interface ChosenFaults {
  terminal?: FaultRule;
  latency?: FaultRule;
  stream?: FaultRule;
  output?: FaultRule;
}

export class FaultPlanner {
  private counts: number[];
  private draws: Array<() => number>;
  private headerCounts = new Map<string, number>();
  private headerCache = new Map<string, HeaderFault>();

  private readonly plan: FaultPlan;

  /** The plan is validated here too, so a plan built in code gets the same clear errors as a plan file. */
  constructor(input: FaultPlan) {
    const plan = parseFaultPlan(input, 'fault plan');
    this.plan = plan;
    this.counts = plan.faults.map(() => 0);
    this.draws = plan.faults.map((_, i) => rng((plan.seed ?? 1) * 7919 + i));
  }

  /** Rules that match, in plan order (counters advance for every rule whose filters pass). */
  matching(facts: RequestFacts): FaultRule[] {
    const out: FaultRule[] = [];
    this.plan.faults.forEach((rule, i) => {
      const m = rule.match ?? {};
      const endpoint = m.endpoint ?? 'messages';
      if (endpoint !== 'any' && endpoint !== facts.endpoint) return;
      if (m.model !== undefined && m.model !== facts.model) return;
      if (m.stream !== undefined && m.stream !== facts.stream) return;
      if (m.from_ms !== undefined && facts.elapsedMs < m.from_ms) return;
      if (m.to_ms !== undefined && facts.elapsedMs >= m.to_ms) return;
      const n = ++this.counts[i]!;
      if (m.first !== undefined && n > m.first) return;
      if (m.every !== undefined && n % m.every !== 0) return;
      if (m.probability !== undefined && this.draws[i]!() >= m.probability) return;
      out.push(rule);
    });
    return out;
  }

  /** The fault named by an `x-canary-fault` header value, or undefined once its `times` ran out. Throws FaultHeaderError. */
  fromHeader(value: string): FaultRule | undefined {
    let parsed = this.headerCache.get(value);
    if (!parsed) {
      parsed = parseFaultHeader(value);
      if (this.headerCache.size > 1000) this.headerCache.clear();
      this.headerCache.set(value, parsed);
    }
    if (parsed.times === undefined) return parsed.rule;
    const n = (this.headerCounts.get(value) ?? 0) + 1;
    this.headerCounts.set(value, n);
    return n <= parsed.times ? parsed.rule : undefined;
  }
}

/** Composes matched rules: the first terminal one wins; otherwise the first of each class. */
export function choose(rules: readonly FaultRule[], stream: boolean): ChosenFaults {
  const out: ChosenFaults = {};
  for (const r of rules) {
    const cls = FAULT_CLASS[r.kind];
    if (cls === 'status' || cls === 'transport') {
      out.terminal ??= r;
      return { terminal: out.terminal };
    }
    if (cls === 'latency') out.latency ??= r;
    else if (cls === 'stream') {
      if (stream) out.stream ??= r;
    } else out.output ??= r;
  }
  return out;
}
