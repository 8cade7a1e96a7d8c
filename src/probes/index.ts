export { defineProbe } from './define-probe.ts';
export { ProbeSchema, PROBE_DEFAULTS, probeMessages, probeModels, type Probe, type ProbeInput } from './probe-schema.ts';
export { loadProbes, LOAD_DEFAULTS, type LoadProbesOptions } from './load-probes.ts';
export { newRunId } from './run-id.ts';
