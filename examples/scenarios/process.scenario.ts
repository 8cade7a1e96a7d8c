/** The example service started as a process and called over HTTP. */
import { processScenarios } from './cases.ts';

export default processScenarios();
