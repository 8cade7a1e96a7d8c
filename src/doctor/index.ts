export { runDoctor, DOCTOR_DEFAULTS, type DoctorOptions, type DoctorReport } from './run-doctor.ts';
export { doctorTable } from './format.ts';
export { CHECKS } from './registry.ts';
export { CHECK_IDS, CHECK_STATUSES, type CheckId, type CheckResult, type CheckStatus, type ClientSettings, type DoctorContext } from './types.ts';
export { lastReconciliationAt } from './last-reconciliation.ts';
