/**
 * Fleet-wide rules with a quorum of regions: the rule's own kind is evaluated per region (its
 * group_by plus `region`), then each label set fires when at least `quorum.regions` of its regions
 * breach. Regions with too few samples to judge do not count either way; a label set with no
 * region judged is no data (the alert keeps its state).
 */
import type { GroupByColumn, Quorum } from '../rule-schema.ts';
import { labelKey } from '../notification.ts';
import type { Evaluator, Observation } from './types.ts';

/** Group-by columns to evaluate the inner rule with: the rule's own, then `region`. */
export function perRegion(groupBy: readonly GroupByColumn[]): GroupByColumn[] {
  return [...groupBy.filter((c) => c !== 'region'), 'region'];
}

/** Folds per-region readings into one reading per label set without `region`. */
export function quorumEvaluator(inner: Evaluator, quorum: Quorum): Evaluator {
  return (now) => {
    const groups = new Map<string, { labels: Record<string, string>; obs: Observation[] }>();
    for (const o of inner(now)) {
      const { region: _region, ...labels } = o.labels;
      const key = labelKey(labels);
      const g = groups.get(key) ?? { labels, obs: [] };
      g.obs.push(o);
      groups.set(key, g);
    }
    return [...groups.values()].map(({ labels, obs }) => fold(labels, obs, quorum.regions));
  };
}

function fold(labels: Record<string, string>, obs: Observation[], need: number): Observation {
  const judged = obs.filter((o) => o.known);
  const breaching = judged.filter((o) => o.breach);
  const sustaining = judged.filter((o) => o.sustain || o.breach);
  // The value at which `need` regions agree: the need-th worst judged region (the worst when fewer).
  const values = judged.map((o) => o.value).filter((v): v is number => v !== null).sort((a, b) => b - a);
  const value = values.length === 0 ? null : values[Math.min(need, values.length) - 1]!;
  const names = (list: Observation[]) => list.map((o) => o.labels['region'] ?? '').sort().join(', ');
  return {
    labels,
    value,
    threshold: obs[0]!.threshold,
    samples: judged.reduce((n, o) => n + o.samples, 0),
    known: judged.length > 0,
    breach: breaching.length >= need,
    sustain: sustaining.length >= need,
    detail: `failing in ${breaching.length} of ${judged.length} regions${breaching.length ? ` (${names(breaching)})` : ''}; quorum ${need}`,
  };
}
