import { faultSuite } from './support/fault-suite.js';
import { tapPayUnderTest } from './support/processors-under-test.js';

// The settle path's faults through the TapPay adapter, against the local fake of TapPay's API.
// This file: the processor faults; the other half is fault-injection-tappay-deaths.test.ts, run beside it.
faultSuite(tapPayUnderTest(), 'processor faults');
