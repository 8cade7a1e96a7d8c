export { renderChaosReport, speedUp, type ChaosReportOptions } from './render.ts';
