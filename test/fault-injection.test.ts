import { faultSuite } from './support/fault-suite.js';
import { sandboxUnderTest } from './support/processors-under-test.js';

// The settle path's faults on the sandbox processor (see test/support/fault-suite.ts).
faultSuite(sandboxUnderTest());
