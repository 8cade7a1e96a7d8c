/**
 * `claude-canary monitor`: the canary daemon. Every probe series on its cron schedule (no overlap,
 * jitter, a concurrency cap), each result stored, counted in metrics and fed to the alert engine;
 * optional Prometheus `/metrics` on 127.0.0.1; on SIGHUP it reloads the probes folder; on
 * SIGINT/SIGTERM it finishes in-flight probes, flushes telemetry and exits 0.
 */
import type { Command } from 'commander';
import { createAlertEngine, createEvaluatorLease, runLeaseLoop, createProbeInstruments, createSinks, parseAlertsConfig, recordProbeResult, registerProbeSeries, resolveAlertRules, runDeliveryLoop, withLastRun, type SeriesSchedule } from '../../alerts/index.ts';
import { createScheduler, scheduleIntervalMs } from '../../scheduler/index.ts';
import { CanaryError } from '../../shared/errors.ts';
import { startTelemetry } from '../../telemetry/index.ts';
import { FLEET_ATTR } from '../../telemetry/fleet-attrs.ts';
import { probeModels, type Probe } from '../../probes/index.ts';
import { roundUsd } from '../../shared/money.ts';
import { buildRuntime, configFor, selectProbes } from '../runtime.ts';

interface MonitorOptions {
  probe?: string[];
  probesDir?: string;
  target?: string;
  db?: string;
  runner?: string;
  region?: string;
  config?: string;
  metricsPort?: string;
  metricsHost: string;
  runNow?: boolean;
  verbose?: boolean;
  stopDeadlineMs: string;
}

/** OTLP export only when an endpoint is configured; otherwise nothing leaves the machine. */
function telemetryEnv(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'];
  return {
    ...env,
    OTEL_TRACES_EXPORTER: env['OTEL_TRACES_EXPORTER'] ?? (endpoint ? 'otlp' : 'none'),
    OTEL_METRICS_EXPORTER: env['OTEL_METRICS_EXPORTER'] ?? (endpoint ? 'otlp' : 'none'),
  };
}

export function register(program: Command): void {
  program
    .command('monitor')
    .description('run every probe on its schedule until SIGINT/SIGTERM, with alerts and optional Prometheus metrics')
    .option('--probe <id...>', 'only these probe ids')
    .option('--probes-dir <dir>', 'folder of *.probe.ts files (default probes)')
    .option('--target <target>', 'sim | anthropic | <base URL> (default: anthropic when ANTHROPIC_API_KEY is set, else sim)')
    .option('--db <path>', 'SQLite file for results and alert state')
    .option('--runner <id>', 'this runner\'s id in results, metrics and the evaluator lease (default CANARY_RUNNER_ID, else the host name)')
    .option('--region <name>', 'this runner\'s region (default CANARY_REGION, else local)')
    .option('--config <file>', 'config file (default claude-canary.config.ts when present)')
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port')
    .option('--metrics-host <host>', 'interface for /metrics', '127.0.0.1')
    .option('--run-now', 'also run every series once at start')
    .option('--stop-deadline-ms <ms>', 'on shutdown, wait this long for in-flight probes', '30000')
    .option('-v, --verbose', 'debug logs too')
    .action(async (opts: MonitorOptions) => {
      const port = opts.metricsPort === undefined ? undefined : Number(opts.metricsPort);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new CanaryError('usage', `--metrics-port must be a port number, got "${opts.metricsPort}"`);
      // Telemetry before the client, so the client's instruments bind to the real providers.
      const config = await configFor(opts);
      const telemetry = startTelemetry({
        env: telemetryEnv(process.env),
        // Every span and metric names its runner and region, so many runners can share a backend.
        resourceAttributes: { [FLEET_ATTR.runnerId]: config.runner_id, [FLEET_ATTR.region]: config.region },
        ...(port !== undefined ? { prometheus: { port, host: opts.metricsHost } } : {}),
      });
      const rt = await buildRuntime({ ...opts, logLevel: 'info' }, process.stdout, config);
      const log = rt.logger.child({ component: 'monitor' });
      const alertsConfig = parseAlertsConfig(rt.config.alerts);
      // What each series' silence is measured against (absence rules, freshness gauges).
      const schedulesOf = (probes: Probe[]): SeriesSchedule[] =>
        probes.flatMap((p) => probeModels(p).map((model) => ({ probe_id: p.id, model, interval_ms: scheduleIntervalMs(p.schedule) })));
      const instruments = createProbeInstruments();
      const expectSeries = (probes: Probe[]): SeriesSchedule[] => {
        const list = schedulesOf(probes);
        registerProbeSeries(instruments, withLastRun(rt.store.db, list));
        return list;
      };
      // Evaluate at least once per shortest schedule interval (between 1 s and 1 min): results
      // trigger evaluations, but silence does not, and absence must be noticed in time.
      const intervals = schedulesOf(rt.probes).map((x) => x.interval_ms).filter((ms) => ms > 0);
      const evalMs = Math.max(1_000, Math.min(60_000, ...intervals));
      // Of many monitors on one store, the lease holder alone evaluates and delivers; the lease
      // runs for one evaluation interval, so a dead holder is replaced within one.
      const lease = createEvaluatorLease(rt.store.db, { owner: rt.config.runner_id, region: rt.config.region, ttlMs: evalMs });
      const alerts = createAlertEngine({
        lease,
        store: rt.store,
        rules: resolveAlertRules(alertsConfig.rules ?? [], { budgets: rt.config.budgets }),
        sinks: createSinks(alertsConfig.sinks ?? [{ type: 'console', name: 'console' }], process.stdout),
        clock: rt.clock,
        logger: rt.logger,
        ...(alertsConfig.delivery ? { delivery: alertsConfig.delivery } : {}),
        ...(alertsConfig.runbook_base_url ? { runbookBaseUrl: alertsConfig.runbook_base_url } : {}),
        schedules: expectSeries(rt.probes),
      });
      const schedule = (probes: Probe[]) => createScheduler(probes, {
        clock: rt.clock,
        maxConcurrency: rt.config.concurrency,
        jitterMs: rt.config.jitter_ms,
        run: async (probe, model, ctx) => {
          const { result } = await rt.runner.run(probe, model, { signal: ctx.signal });
          recordProbeResult(instruments, result);
          log.info(
            { event: 'result', run_id: result.run_id, probe_id: result.probe_id, model: result.model, outcome: result.outcome, error_kind: result.error_kind, latency_ms: result.latency_ms, cost_usd: roundUsd(result.cost_usd), flags: result.flags },
            'probe result stored',
          );
          alerts.tick();
        },
        onEvent: (e) => {
          if (e.type === 'skipped_overlap') log.warn({ event: 'skipped_overlap', series: e.series }, 'previous run still in flight: tick skipped');
          else if (e.type === 'failed') log.error({ event: 'run_failed', series: e.series, error: String(e.error) }, 'probe run failed');
        },
      });
      let scheduler = schedule(rt.probes);
      const drainMs = Number(opts.stopDeadlineMs);
      /**
       * SIGHUP: the probes folder is read again. A folder with any problem changes nothing (every
       * problem is logged with its file and field, and the running schedule goes on); a good one
       * replaces the schedule once the runs in flight have finished.
       */
      let reloading: Promise<void> = Promise.resolve();
      const reload = () => {
        reloading = reloading.then(async () => {
          let next: Probe[];
          try {
            next = await selectProbes(rt.config, opts, { fresh: true });
          } catch (e) {
            const problems = e instanceof CanaryError ? e.problems : [];
            log.error({ event: 'reload_failed', problems, error: e instanceof Error ? e.message.split('\n')[0] : String(e) }, 'probes not reloaded: the running schedule is unchanged');
            return;
          }
          const report = await scheduler.stop({ deadlineMs: drainMs });
          scheduler = schedule(next);
          alerts.setSchedules(expectSeries(next));
          scheduler.start();
          log.info({ event: 'reloaded', series: scheduler.series(), drained: report.drained }, 'probes reloaded');
        });
      };
      process.on('SIGHUP', reload);
      if (rt.notice) log.warn({ event: 'notice' }, rt.notice);
      scheduler.start();
      const leaseStop = new AbortController();
      const leaseLoop = runLeaseLoop({
        lease,
        clock: rt.clock,
        signal: leaseStop.signal,
        logger: rt.logger,
        onAcquired: () => {
          const h = lease.holder();
          log.info({ event: 'evaluator_lease_acquired', epoch: h?.epoch ?? null }, 'this runner now evaluates and delivers alerts for the fleet');
          alerts.tick();
        },
        onLost: () => log.warn({ event: 'evaluator_lease_lost', holder: lease.holder()?.owner ?? null }, 'another runner took the evaluator lease'),
      });
      alerts.start(evalMs);
      // Retries, takeovers of rows whose sender died, and dead-letter probes run on their own due
      // times, not only when a result or the evaluation tick comes.
      const deliveryStop = new AbortController();
      const delivery = runDeliveryLoop({ deliver: alerts.deliverPending, clock: rt.clock, signal: deliveryStop.signal, logger: rt.logger });
      log.info({ event: 'started', evaluator: lease.held(rt.clock.now()), series: scheduler.series(), target: rt.target.label, db: rt.store.db.name, metrics: port !== undefined ? `http://${opts.metricsHost}:${port}/metrics` : null }, 'monitor started');
      if (opts.runNow) for (const key of scheduler.series()) {
        const [probeId, model] = [key.slice(0, key.indexOf('@')), key.slice(key.indexOf('@') + 1)];
        scheduler.trigger(probeId, model);
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      process.off('SIGHUP', reload);
      log.info({ event: 'stopping' }, 'stopping: finishing in-flight probes');
      await reloading;
      const report = await scheduler.stop({ deadlineMs: drainMs });
      deliveryStop.abort();
      await alerts.stop();
      await delivery;
      // Released only after the last evaluation and delivery round, so the next holder starts clean.
      leaseStop.abort();
      await leaseLoop;
      await telemetry.shutdown().catch(() => {});
      await rt.close();
      log.info({ event: 'stopped', drained: report.drained, abandoned: report.abandoned, cancelled: report.cancelled }, 'monitor stopped');
    });
}
