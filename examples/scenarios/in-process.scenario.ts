/** The example service's `answer()` function, driven in this process. */
import { inProcessScenarios } from './cases.ts';

export default inProcessScenarios();
