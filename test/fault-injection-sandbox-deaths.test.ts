import { faultSuite } from './support/fault-suite.js';
import { sandboxUnderTest } from './support/processors-under-test.js';

// The settle path's faults on the sandbox processor (see test/support/fault-suite.ts).
// This file: the process deaths; the other half is fault-injection-sandbox-faults.test.ts, run beside it.
faultSuite(sandboxUnderTest(), 'process deaths');
