/** Every check's handler, by id: exhaustive, so a new id does not compile until it is handled. */
import { checkAlertSinks } from './checks/alert-sinks.ts';
import { checkApiKeySource } from './checks/api-key-source.ts';
import { checkAuditTrail } from './checks/audit-trail.ts';
import { checkBudgets } from './checks/budgets.ts';
import { checkCatalogueAge } from './checks/catalogue-age.ts';
import { checkConfig } from './checks/config.ts';
import { checkModelsPriced } from './checks/models-priced.ts';
import { checkOtlpExport } from './checks/otlp-export.ts';
import { checkReconciliation } from './checks/reconciliation.ts';
import { checkRetriesTimeouts } from './checks/retries-timeouts.ts';
import { checkRunbooks } from './checks/runbooks.ts';
import { checkTelemetry } from './checks/telemetry.ts';
import { checkTls } from './checks/tls.ts';
import type { CheckHandler, CheckId } from './types.ts';

export const CHECKS: Record<CheckId, CheckHandler> = {
  config: checkConfig,
  telemetry: checkTelemetry,
  otlp_export: checkOtlpExport,
  models_priced: checkModelsPriced,
  catalogue_age: checkCatalogueAge,
  budgets: checkBudgets,
  alert_sinks: checkAlertSinks,
  runbooks: checkRunbooks,
  retries_timeouts: checkRetriesTimeouts,
  tls: checkTls,
  api_key_source: checkApiKeySource,
  audit_trail: checkAuditTrail,
  reconciliation: checkReconciliation,
};
